/**
 * The background half of filling. Decides from the sender's (or the tab's) own site what a
 * page may get (fill-policy.ts), hands out codes by the step rules (choose-code-step.ts),
 * remembers each account's last filled step, and pushes codes into tabs: the confirmation
 * code after a scan, a fill started from the popup, `authenticator.fill(tabId)`.
 *
 * Content scripts never name their site: `page` always comes from the browser's sender.
 * Codes only, never a secret.
 */
import type { AccountView, FillEntry, PageCodeOffer, PageFillPlan, TabFillOptions } from '../../shared/protocol/extension-messages';
import type { CodeResult, FillResult, Settings } from '../../shared/protocol/automation';
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import { siteOf, type SiteBinding } from '../../shared/site/site-of';
import { chooseCodeStep } from './choose-code-step';
import { fillPolicy, planFill, type FillCandidate } from './fill-policy';
import { memoryStepStore, type StepStore } from './last-filled-steps';
import { memoryUnlockWaiters, type UnlockWaiter, type UnlockWaiters } from './unlock-waiters';

/** What the fill service needs from the vault (the Vault class satisfies it). */
export type FillVault = {
  /** `touch: false`: the read does not push the vault's auto-lock back (a page caused it, not the user). */
  list(use?: { touch?: boolean }, signal?: AbortSignal): Promise<{ accounts: AccountView[] }>;
  code(id: string, timestampMs?: number, use?: { touch?: boolean }): Promise<{ code: string; expiresAt: number }>;
  settings(): Promise<Settings>;
  status(): Promise<{ locked: boolean }>;
  /** Where the active accounts belong, readable while locked (never a secret). */
  bindings(): Promise<Array<{ origin: string | null; site: string | null }>>;
};

export type FillServiceDeps = {
  vault: FillVault;
  /**
   * Sends `code` to one frame of a tab; resolves with whether a field took it. `origin` is the
   * origin the fill policy was checked against: the frame fills only if it is still there.
   */
  push(tabId: number, frameId: number, code: string, submit: boolean, origin: string): Promise<boolean>;
  /** The tab to act on (`undefined`: the active tab of the last focused window) and its address. */
  tab(tabId: number | undefined): Promise<{ id: number; url: string | null }>;
  steps?: StepStore;
  now?: () => number;
  /** Waits (keeping the worker alive) until a code a step ahead is accepted. */
  sleep?: (ms: number) => Promise<void>;
  /** Frames waiting for the unlock ("Unlock to fill"). */
  waiters?: UnlockWaiters;
  /** Shows the extension's unlock view (the popup, else a small window). */
  openUnlockView?: () => Promise<void>;
  /** Tells one frame the vault is open: it asks for its plan again and fills by the usual rules. */
  notifyUnlocked?: (waiter: UnlockWaiter) => Promise<void>;
};

export type FillService = ReturnType<typeof createFillService>;

type Candidate = FillCandidate & { view: AccountView };

/** Margin past `notBefore` (timers fire early; clocks drift by a few ms between contexts). */
const WAIT_MARGIN_MS = 50;

export function createFillService(deps: FillServiceDeps) {
  const steps = deps.steps ?? memoryStepStore();
  const waiters = deps.waiters ?? memoryUnlockWaiters();
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  /** Frames (besides the top one) whose content script found code fields, per tab. */
  const framesWithFields = new Map<number, Set<number>>();
  /** One code hand-out at a time per account, so two frames never get the same step. */
  const locks = new Map<string, Promise<unknown>>();

  /**
   * The accounts. `byUser`: the user asked (popup, a click on the fill button, a scan), so the
   * vault's auto-lock is pushed back; a page that merely shows a code field must not keep a
   * vault open.
   */
  const candidates = async (byUser: boolean, signal?: AbortSignal): Promise<Candidate[]> =>
    (await deps.vault.list({ touch: byUser }, signal)).accounts.map(candidateOf);

  const entry = (c: Candidate): FillEntry => ({ id: c.id, issuer: c.issuer, account: c.account, previous: c.previous, site: c.site });

  function exclusive<T>(accountId: string, task: () => Promise<T>): Promise<T> {
    const previous = locks.get(accountId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const settled = run.catch(() => undefined);
    locks.set(accountId, settled);
    void settled.then(() => locks.get(accountId) === settled && locks.delete(accountId));
    return run;
  }

  /**
   * A code of `view` by the step rules, or when one will be accepted. `record`: count the
   * step as filled now (a content script asked: it fills at once) or let the caller do it.
   */
  function offerCode(view: AccountView, record: boolean, byUser: boolean): Promise<PageCodeOffer & { step: number | null }> {
    return exclusive(view.id, async () => {
      const at = now();
      const use = { touch: byUser };
      if (view.type === 'hotp') return { code: (await deps.vault.code(view.id, undefined, use)).code, notBefore: at, step: null };
      const choice = chooseCodeStep({ nowMs: at, period: view.period, lastFilledStep: await steps.get(view.id) });
      if (choice.notBefore > at) return { code: null, notBefore: choice.notBefore, step: null };
      const { code } = await deps.vault.code(view.id, choice.step * view.period * 1000, use);
      if (record) await steps.set(view.id, choice.step);
      return { code, notBefore: at, step: choice.step };
    });
  }

  /**
   * Pushes the code of `view` into the tab (top frame first), waiting for a step ahead if needed.
   * `checked` is the origin the policy allowed: the tab may navigate during the wait, and a code
   * meant for one site must never land on another, so it goes only to that origin.
   */
  async function pushCode(tabId: number, checked: string, view: AccountView, submit: boolean): Promise<FillResult> {
    const accountId = view.id;
    for (let attempt = 0; attempt < 3; attempt++) {
      const offer = await offerCode(view, false, true);
      if (offer.code === null) {
        await sleep(Math.max(0, offer.notBefore - now()) + WAIT_MARGIN_MS);
        continue;
      }
      const current = (await tabPage(tabId)).page?.origin ?? null;
      if (current !== checked) {
        return { filled: false, accountId, reason: `The tab moved from ${checked} to ${current ?? 'a page that is not a website'} while the code was being prepared; nothing was filled. Go back to that page and fill it again.` };
      }
      for (const frameId of [0, ...(framesWithFields.get(tabId) ?? [])]) {
        if (await deps.push(tabId, frameId, offer.code, submit, checked).catch(() => false)) {
          if (offer.step !== null) await steps.set(view.id, offer.step);
          return { filled: true, accountId };
        }
      }
      return { filled: false, accountId };
    }
    return { filled: false, accountId };
  }

  async function tabPage(tabId: number | undefined): Promise<{ id: number; page: SiteBinding | null }> {
    const tab = await deps.tab(tabId);
    return { id: tab.id, page: tab.url ? siteOf(tab.url) : null };
  }

  /** Whether an account that could fill `page` (same origin or site, as the fill button) is in the locked vault. */
  const waitsBehindLock = async (page: SiteBinding): Promise<boolean> =>
    (await deps.vault.bindings()).some((b) => fillPolicy(page, b, { autoFill: true }) !== 'popup-only');

  const findCandidate = (all: Candidate[], accountId: string) => {
    const found = all.find((c) => c.id === accountId);
    if (!found) throw new AuthenticatorError('account_not_found', 'That account is no longer in the vault. Refresh and try again.');
    return found;
  };

  return {
    /** `fill.page`: the plan for a content script's page (`page` from the sender). */
    async pagePlan(page: SiteBinding, sender: { tabId: number; frameId: number }, withCode: boolean): Promise<PageFillPlan> {
      if (sender.frameId !== 0) {
        const frames = framesWithFields.get(sender.tabId) ?? new Set<number>();
        frames.add(sender.frameId);
        framesWithFields.set(sender.tabId, frames);
      }
      // A page asked, not the user: nothing here pushes the auto-lock back.
      let all: Candidate[];
      try {
        all = await candidates(false);
      } catch (error) {
        if (AuthenticatorError.from(error).code !== 'locked') throw error;
        // Locked: the page learns only whether one of its accounts waits behind the lock.
        return { offer: [], automatic: null, submitAfterFill: false, locked: await waitsBehindLock(page) };
      }
      const settings = await deps.vault.settings();
      const plan = planFill(page, all, { autoFill: settings.autoFill });
      let automatic: PageFillPlan['automatic'] = null;
      // Counter-based (HOTP) codes are used up when shown: only on a click, never on every page view.
      if (plan.automatic && plan.automatic.view.type === 'totp') {
        const offer: PageCodeOffer = withCode ? await offerCode(plan.automatic.view, true, false) : { code: null, notBefore: now() };
        automatic = { accountId: plan.automatic.id, code: offer.code, notBefore: offer.notBefore };
      }
      return { offer: plan.offer.map(entry), automatic, submitAfterFill: settings.submitAfterFill, locked: false };
    },

    /**
     * `fill.unlock`: the user clicked "Unlock to fill" in the sender's page. Remembers the
     * frame and shows the unlock view; after the unlock the frame fills by the usual rules.
     * Only for a page one of whose accounts waits behind the lock.
     */
    async unlockToFill(page: SiteBinding, sender: { tabId: number; frameId: number }): Promise<void> {
      const waiter: UnlockWaiter = { tabId: sender.tabId, frameId: sender.frameId, origin: page.origin };
      if (!(await deps.vault.status()).locked) {
        await deps.notifyUnlocked?.(waiter);
        return;
      }
      if (!(await waitsBehindLock(page))) throw new AuthenticatorError('forbidden', 'No account of this site waits behind the lock.');
      await waiters.add(waiter);
      await deps.openUnlockView?.();
    },

    /** After an unlock: every frame that waited for it fills again (the vault calls this). */
    async resumeAfterUnlock(): Promise<void> {
      for (const waiter of await waiters.take()) await deps.notifyUnlocked?.(waiter).catch(() => undefined);
    },

    /**
     * `fill.code`: the code of one account this page may fill: its button was clicked
     * (`byUser`, only after a trusted click: the user's own action, which pushes auto-lock
     * back), or an automatic fill waited for a step ahead (which does not).
     */
    async pageCode(page: SiteBinding, accountId: string, byUser = false): Promise<PageCodeOffer> {
      const [all, settings] = await Promise.all([candidates(byUser), deps.vault.settings()]);
      const account = findCandidate(all, accountId);
      if (fillPolicy(page, account, { autoFill: settings.autoFill }) === 'popup-only') {
        throw new AuthenticatorError('forbidden', 'This account belongs to another site: fill it from the extension popup.');
      }
      const { code, notBefore } = await offerCode(account.view, true, byUser);
      return { code, notBefore };
    },

    /**
     * `fill.run` and `authenticator.fill(tabId)`: what a click on the fill button would do:
     * this origin's or this site's newest current token; never another site's account.
     */
    async run(tabId: number | undefined): Promise<FillResult> {
      const tab = await tabPage(tabId);
      if (!tab.page) return { filled: false, accountId: null };
      const [all, settings] = await Promise.all([candidates(true), deps.vault.settings()]);
      const plan = planFill(tab.page, all, { autoFill: true });
      const account = plan.automatic ?? plan.offer.find((c) => !c.previous) ?? null;
      if (!account) return { filled: false, accountId: null };
      return pushCode(tab.id, tab.page.origin, account.view, settings.submitAfterFill);
    },

    /** `fill.options`: the popup's list for a tab; `signal` stops it once the popup has closed. */
    async options(tabId: number, signal?: AbortSignal): Promise<TabFillOptions> {
      const tab = await tabPage(tabId);
      const all = await candidates(true, signal);
      if (!tab.page) return { page: null, offer: [], otherSites: all.map(entry) };
      const plan = planFill(tab.page, all, { autoFill: false });
      return { page: tab.page, offer: plan.offer.map(entry), otherSites: plan.otherSites.map(entry) };
    },

    /** `fill.account`: the popup fills one chosen account; another site's only after the warning. */
    async fillAccount(tabId: number, accountId: string, otherSite: boolean): Promise<FillResult> {
      const tab = await tabPage(tabId);
      const [all, settings] = await Promise.all([candidates(true), deps.vault.settings()]);
      const account = findCandidate(all, accountId);
      const policy = tab.page ? fillPolicy(tab.page, account, { autoFill: false }) : 'popup-only';
      if (policy === 'popup-only' && !otherSite) {
        throw new AuthenticatorError(
          'other_site',
          account.site !== null && account.site === tab.page?.site
            ? `This account was added on a secure (https) page of ${account.site}, but this page is plain http. Confirm the warning to fill it anyway.`
            : `This account belongs to ${account.site ?? 'no site'}, but the page is ${tab.page?.site ?? 'not a web page'}. Confirm the warning to fill it anyway.`,
        );
      }
      if (!tab.page) return { filled: false, accountId, reason: 'This tab does not show a web page: there is nothing to fill.' };
      return pushCode(tab.id, tab.page.origin, account.view, settings.submitAfterFill);
    },

    /** After a scan: fill the new account's confirmation code into the page it came from. */
    async afterScan(context: { tabId: number | null; saved: readonly AccountView[] }): Promise<{ filled: boolean }> {
      if (context.tabId === null || context.saved.length !== 1) return { filled: false }; // a batch export is no enrolment
      const [settings, tab] = await Promise.all([deps.vault.settings(), tabPage(context.tabId)]);
      if (!settings.fillConfirmationAfterScan) return { filled: false };
      const account = candidateOf(context.saved[0]!);
      // The tab may have moved on since the capture: never fill a page the account does not belong to.
      if (!tab.page || fillPolicy(tab.page, account, { autoFill: true }) === 'popup-only') return { filled: false };
      return { filled: (await pushCode(tab.id, tab.page.origin, account.view, settings.submitAfterFill)).filled };
    },

    /**
     * `fill.next` and `authenticator.nextCode(id)`: the code a fill of this account would use
     * now, counted as used, so a test that types it itself (or signs in twice within one time
     * step) never hands the server a step it already accepted. Waits, like a fill does, when
     * that step is not accepted yet.
     */
    async nextCode(accountId: string): Promise<CodeResult> {
      const { view } = findCandidate(await candidates(true), accountId);
      for (;;) {
        const offer = await offerCode(view, true, true);
        if (offer.code !== null) {
          const expiresAt = offer.step === null ? 0 : (offer.step + 1) * view.period * 1000;
          return { code: offer.code, expiresAt };
        }
        await sleep(Math.max(0, offer.notBefore - now()) + WAIT_MARGIN_MS);
      }
    },

    /** Forget a closed tab's frames. */
    forgetTab(tabId: number): void {
      framesWithFields.delete(tabId);
    },
  };
}

/** An account as the fill policy weighs it. */
function candidateOf(view: AccountView): Candidate {
  return { id: view.id, issuer: view.issuer, account: view.account, origin: view.origin, site: view.site, previous: view.previous, addedAt: view.createdAt, view };
}
