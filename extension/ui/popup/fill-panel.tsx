/**
 * "Fill on this page" in the popup (extension/fill decides what is allowed): this site's
 * accounts fill with one click; accounts of other sites are listed apart and fill only after
 * a warning that names both sites, because a code typed into the wrong site is how
 * phishing pages steal them. An account of this very site lands there only when it was
 * scanned on https and this page is plain http: the warning says so instead.
 */
import { useEffect, useState } from 'preact/hooks';
import type { FillEntry, TabFillOptions } from '../../../shared/protocol/extension-messages';
import { sendMessage } from '../../messaging';
import { afterFirstCode } from './after-first-code';
import { Sheet } from '../sheet';
import { accountLabel } from '../../messaging/account-label';
import type { TargetTab } from '../target-tab';

type Props = {
  tab: TargetTab;
  /** Changes whenever the accounts change (a scan just added one): ask again. */
  accounts: unknown;
  say: (text: string) => void;
  onError: (error: unknown) => void;
};

export function FillPanel({ tab, accounts, say, onError }: Props) {
  const [options, setOptions] = useState<TabFillOptions | null>(null);
  const [showOthers, setShowOthers] = useState(false);
  const [confirming, setConfirming] = useState<FillEntry | null>(null);

  useEffect(() => {
    let live = true;
    // It lists every account: after the popup's first codes are on screen.
    void afterFirstCode()
      .then(() => sendMessage('fill.options', { tabId: tab.id }))
      .then((next) => live && setOptions(next), () => live && setOptions(null));
    return () => {
      live = false;
    };
  }, [tab.id, accounts]);

  const page = options?.page;
  if (!options || !page) return null;
  const current = options.offer.filter((e) => !e.previous);

  const fill = async (entry: FillEntry, otherSite: boolean) => {
    try {
      const result = await sendMessage('fill.account', { tabId: tab.id, accountId: entry.id, otherSite });
      say(result.filled ? `Filled the code for ${accountLabel(entry)}.` : (result.reason ?? 'No empty code field on this page to fill.'));
    } catch (error) {
      onError(error);
    }
  };

  return (
    <div class="fill-panel">
      {current.map((entry) => (
        <button type="button" key={entry.id} onClick={() => void fill(entry, false)}>
          Fill code{current.length > 1 ? ` for ${accountLabel(entry)}` : ' on this page'}
        </button>
      ))}
      {options.otherSites.length > 0 && (
        <button type="button" class="link" onClick={() => setShowOthers(true)}>
          Other sites ({options.otherSites.length})
        </button>
      )}
      {showOthers && (
        <Sheet
          title="Fill from another site"
          onClose={() => {
            setShowOthers(false);
            setConfirming(null);
          }}
        >
          {confirming ? (
            <>
              {confirming.site === page.site ? (
                <p class="notice" role="alert" data-testid="other-site-warning">
                  {accountLabel(confirming)} was added on a secure (https) page of <strong>{page.site}</strong>, but this page is not
                  secure (http): anyone on the network can serve it. Fill only if you trust this network.
                </p>
              ) : (
                <p class="notice" role="alert" data-testid="other-site-warning">
                  {accountLabel(confirming)} belongs to <strong>{confirming.site ?? 'no site'}</strong>, but this page is{' '}
                  <strong>{page.site}</strong>. A look-alike site can steal a code you give it. Fill only if you are sure{' '}
                  {page.site} belongs to the same service.
                </p>
              )}
              <div class="row">
                <button
                  type="button"
                  class="danger"
                  onClick={() => {
                    const entry = confirming;
                    setShowOthers(false);
                    setConfirming(null);
                    void fill(entry, true);
                  }}
                >
                  Fill on {page.site} anyway
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  Cancel
                </button>
              </div>
            </>
          ) : (
            <ul class="fill-others">
              {options.otherSites.map((entry) => (
                <li key={entry.id}>
                  <span>
                    {accountLabel(entry)}
                    <span class="muted"> · {entry.site ?? 'not bound to a site'}</span>
                  </span>
                  <button type="button" onClick={() => setConfirming(entry)} aria-label={`Fill ${accountLabel(entry)} on ${page.site}`}>
                    Fill here…
                  </button>
                </li>
              ))}
            </ul>
          )}
        </Sheet>
      )}
    </div>
  );
}
