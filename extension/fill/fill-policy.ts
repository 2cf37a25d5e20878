/**
 * Where a code may be filled: the binding policy (README, "Filling codes") as pure functions. The page's
 * origin and site come from the message sender (never from the page); each account's from
 * the page it was scanned on.
 *
 *   same origin                        -> automatic (if the autoFill setting is on, else the button)
 *   same registrable domain, other origin -> the in-page fill button, one click
 *   any other site (or an unbound account) -> nothing in the page; the popup only, with a warning
 *   an account bound on https, a page on http -> the popup only, with a warning (a plain-http
 *                                        page can be served by anyone on the network)
 */

/** Where a page or an account lives: its origin and registrable domain ("site"); null when unbound. */
export type BoundTo = { origin: string | null; site: string | null };

export type FillPolicy = 'automatic' | 'button' | 'popup-only';

export type FillSettings = { autoFill: boolean };

export function fillPolicy(page: BoundTo, account: BoundTo, settings: FillSettings): FillPolicy {
  if (page.origin === null || page.site === null) return 'popup-only';
  if (isDowngrade(page, account)) return 'popup-only';
  if (account.origin !== null && account.origin === page.origin) return settings.autoFill ? 'automatic' : 'button';
  if (account.site !== null && account.site === page.site) return 'button';
  return 'popup-only';
}

/** An account scanned on https, a page on plain http: the same site only in name. */
function isDowngrade(page: BoundTo, account: BoundTo): boolean {
  return account.origin !== null && account.origin.startsWith('https:') && page.origin !== null && page.origin.startsWith('http:');
}

/** An account as the fill flow sees it: no secret, just enough to choose and label. */
export type FillCandidate = BoundTo & {
  id: string;
  issuer: string;
  account: string;
  /** A replaced token kept "one click away" until the user deletes it. */
  previous: boolean;
  /** When it was added (ms): newer tokens come first. */
  addedAt: number;
};

export type FillPlan<T extends FillCandidate = FillCandidate> = {
  /** The one account to fill without asking, or null (none, or several to choose from). */
  automatic: T | null;
  /** Accounts the in-page button offers: current tokens newest first, then previous tokens. */
  offer: T[];
  /** Accounts of other sites: the popup lists them under "other sites", with a warning. */
  otherSites: T[];
};

/** Orders current tokens before previous ones, newest first within each. */
export function byNewestToken(a: FillCandidate, b: FillCandidate): number {
  if (a.previous !== b.previous) return a.previous ? 1 : -1;
  return b.addedAt - a.addedAt;
}

/**
 * What a page gets: one automatic fill when exactly one current token of this very origin
 * qualifies; otherwise a chooser. Previous tokens are never filled automatically.
 */
export function planFill<T extends FillCandidate>(page: BoundTo, accounts: readonly T[], settings: FillSettings): FillPlan<T> {
  const offer: T[] = [];
  const otherSites: T[] = [];
  const automatic: T[] = [];
  for (const account of accounts) {
    const policy = fillPolicy(page, account, settings);
    if (policy === 'popup-only') {
      otherSites.push(account);
      continue;
    }
    offer.push(account);
    if (policy === 'automatic' && !account.previous) automatic.push(account);
  }
  offer.sort(byNewestToken);
  otherSites.sort(byNewestToken);
  return { automatic: automatic.length === 1 ? automatic[0]! : null, offer, otherSites };
}
