/**
 * The popup: lock screen or the accounts, with "Scan QR code on this page", "Add manually",
 * search (`/` focuses it), the notices, and the sheets for adding and per-account actions.
 * Every change goes through the background's protocol; this page never holds a secret
 * except what the user types into "Add manually".
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { AccountList as Accounts, AccountView, AddAccountResult, VaultStatus } from '../../../shared/protocol/extension-messages';
import { sendMessage } from '../../messaging';
import { errorCode, errorText } from '../error-text';
import { findTargetTab, type TargetTab } from '../target-tab';
import { AccountActionsSheet } from './account-actions-sheet';
import { AccountList } from './account-list';
import { accountLabel } from '../../messaging/account-label';
import { AddAccountSheet } from './add-account-sheet';
import { EmptyState } from './empty-state';
import { FillPanel } from './fill-panel';
import { LockScreen } from './lock-screen';
import { Notices } from './notices';
import { SyncBanner } from './sync-banner';
import { PendingImports } from '../backup/pending-imports';
import '../backup/backup.css';
import { ScanImage, scanResultText } from './scan-image';
import { Toast, type ToastMessage } from './toast';
import { afterFirstCode, READY_MARK } from './after-first-code';

export { READY_MARK };
/** Set when the popup's script starts (main.tsx) and when the account list has arrived (benchmark breakdown). */
export const START_MARK = 'authenticator:popup-start';
export const LISTED_MARK = 'authenticator:popup-listed';

type Sheet = { kind: 'add' } | { kind: 'actions'; accountId: string } | null;

/** Rows read first, before the whole list: more than a popup shows (its height fits about 8). */
const FIRST_ROWS = 30;

export function PopupApp() {
  const [status, setStatus] = useState<VaultStatus | null>(null);
  const [accounts, setAccounts] = useState<Accounts | null>(null);
  const [tab, setTab] = useState<TargetTab | null>(null);
  const [query, setQuery] = useState('');
  const [sheet, setSheet] = useState<Sheet>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const [revealed, setRevealed] = useState<ReadonlyMap<string, string>>(new Map());
  const [scanning, setScanning] = useState(false);
  const search = useRef<HTMLInputElement>(null);

  const say = useCallback((text: string, action?: ToastMessage['action']) => setToast({ text, action, id: Date.now() }), []);
  const clearToast = useCallback(() => setToast(null), []);

  /** Whether the whole list has been shown once: later refreshes replace it in one step. */
  const listedOnce = useRef(false);

  const refresh = useCallback(async () => {
    const whenLocked = (error: unknown) => {
      if (errorCode(error) === 'locked') return null;
      throw error;
    };
    const whole = () => sendMessage('vault.list').catch(whenLocked);
    if (!listedOnce.current) {
      // First paint: the first screenful through the vault's list index, whatever the vault's
      // size; the whole list (search, reordering, recently deleted) follows right after.
      const [nextStatus, head] = await Promise.all([sendMessage('vault.status'), sendMessage('vault.head', { limit: FIRST_ROWS }).catch(whenLocked)]);
      if (performance.getEntriesByName(LISTED_MARK).length === 0) performance.mark(LISTED_MARK);
      setStatus(nextStatus);
      if (head === null) {
        setAccounts(null);
        return;
      }
      setAccounts((shown) => shown ?? { accounts: head, deleted: [] });
      // The whole list costs the worker time in proportion to the vault: after the first codes.
      await afterFirstCode();
      setAccounts(await whole());
      listedOnce.current = true;
      return;
    }
    const [nextStatus, nextAccounts] = await Promise.all([sendMessage('vault.status'), whole()]);
    setStatus(nextStatus);
    setAccounts(nextAccounts);
  }, []);

  const fail = useCallback(
    (error: unknown) => {
      // Auto-lock can happen while the popup is open: show the lock screen, not an error.
      if (errorCode(error) === 'locked') void refresh();
      else setProblem(errorText(error));
    },
    [refresh],
  );

  // A layout effect: the first requests leave before the first paint, not a frame after it.
  useLayoutEffect(() => {
    refresh().catch(fail);
    void findTargetTab().then(setTab);
  }, [refresh, fail]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) {
        e.preventDefault();
        search.current?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!accounts || performance.getEntriesByName(READY_MARK).length > 0) return;
    const codeShown = () => !accounts.accounts.some((a) => a.type === 'totp') || document.querySelector('[data-testid="code"]') !== null;
    if (codeShown()) {
      performance.mark(READY_MARK);
      return;
    }
    // Otherwise marked when the first code is painted (codes arrive after the list).
    const observer = new MutationObserver(() => {
      if (!codeShown()) return;
      performance.mark(READY_MARK);
      observer.disconnect();
    });
    observer.observe(document.body, { subtree: true, childList: true });
    return () => observer.disconnect();
  }, [accounts]);

  const act = useCallback(
    async (action: () => Promise<unknown>) => {
      setProblem(null);
      try {
        await action();
      } finally {
        await refresh().catch(fail);
      }
    },
    [refresh, fail],
  );

  if (!status) {
    return problem ? <p class="error" role="alert">{problem}</p> : <p class="muted" style={{ padding: '12px' }}>Opening the vault…</p>;
  }

  const openOptions = (section: string) => {
    void browser.tabs.create({ url: browser.runtime.getURL(`/options.html#${section}`) });
  };

  const current = accounts?.accounts.filter((a) => !a.previous) ?? [];
  const selected = sheet?.kind === 'actions' ? accounts?.accounts.find((a) => a.id === sheet.accountId) ?? null : null;

  const move = async (account: AccountView, delta: -1 | 1) => {
    const i = current.findIndex((a) => a.id === account.id);
    const j = i + delta;
    const other = current[j];
    if (i < 0 || !other || other.pinned !== account.pinned) return;
    const ids = current.map((a) => a.id);
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    await act(() => sendMessage('vault.reorder', { ids }));
  };

  const remove = async (account: AccountView) => {
    await act(() => sendMessage('vault.remove', { id: account.id }));
    say(`Deleted ${accountLabel(account)}.`, { label: 'Undo', run: () => void act(() => sendMessage('vault.restore', { id: account.id })) });
  };

  const added = (result: AddAccountResult) => {
    setSheet(null);
    const label = accountLabel(result.account);
    say(
      result.outcome === 'duplicate'
        ? `${label} is already in your vault.`
        : result.outcome === 'replaced'
          ? `Added ${label}; the older token is kept under “Previous tokens”.`
          : `Added ${label}.`,
    );
    void refresh().catch(fail);
  };

  const scan = async () => {
    setProblem(null);
    setScanning(true);
    try {
      say(scanResultText(await sendMessage('scan.run', { tabId: tab?.id })));
      await refresh();
    } catch (error) {
      fail(error);
    } finally {
      setScanning(false);
    }
  };

  return (
    <div class="popup">
      <header class="popup-header">
        <h1>Phone-free Authenticator</h1>
        {status.hasPassphrase && !status.locked && (
          <button type="button" onClick={() => void act(() => sendMessage('vault.lock'))}>
            Lock
          </button>
        )}
        <button type="button" aria-label="Options" title="Options" onClick={() => openOptions('')}>
          ⚙
        </button>
      </header>

      <main class="popup-main">
      {status.locked || !accounts ? (
        <LockScreen
          onUnlocked={() => {
            // The small unlock window a page's "Unlock to fill" opened has done its job: the page fills now.
            if (new URLSearchParams(location.search).has('unlock')) window.close();
            else void refresh().catch(fail);
          }}
        />
      ) : (
        <>
          <div class="popup-actions">
            <button type="button" class="primary" onClick={() => void scan()} disabled={scanning}>
              {scanning ? 'Scanning…' : 'Scan QR code on this page'}
            </button>
            <button type="button" onClick={() => setSheet({ kind: 'add' })}>
              Add manually
            </button>
            <ScanImage tab={tab} onScanned={(result) => (say(scanResultText(result)), void refresh().catch(fail))} onError={fail} say={say} />
          </div>
          {tab && <FillPanel tab={tab} accounts={accounts} say={say} onError={fail} />}
          <div class="popup-status" role="alert">
            {problem && <p class="error">{problem}</p>}
          </div>
          <Notices status={status} onOpenOptions={openOptions} />
          <SyncBanner onOpenOptions={openOptions} />
          <PendingImports onChanged={() => void refresh().catch(fail)} />
          {accounts.accounts.length === 0 && accounts.deleted.length === 0 ? (
            <EmptyState />
          ) : (
            <>
              <div class="popup-search">
                <label class="visually-hidden" for="search">
                  Search accounts
                </label>
                <input
                  id="search"
                  ref={search}
                  type="search"
                  placeholder="Search (press /)"
                  value={query}
                  onInput={(e) => setQuery(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Escape' && query !== '') {
                      e.preventDefault();
                      setQuery('');
                    }
                    if (e.key === 'ArrowDown') {
                      e.preventDefault();
                      document.querySelector<HTMLElement>('[data-row]')?.focus();
                    }
                  }}
                />
              </div>
              <AccountList
                accounts={accounts}
                query={query}
                revealed={revealed}
                onError={fail}
                onCopy={(account, code) => void copy(account, code, say, fail)}
                onNextHotp={(account) =>
                  void sendMessage('vault.code', { id: account.id }).then((c) => setRevealed((r) => new Map(r).set(account.id, c.code)), fail)
                }
                onMore={(account) => setSheet({ kind: 'actions', accountId: account.id })}
                onMove={(account, delta) => void move(account, delta)}
                onRestore={(account) => void act(() => sendMessage('vault.restore', { id: account.id }))}
              />
            </>
          )}
        </>
      )}
      </main>

      {sheet?.kind === 'add' && <AddAccountSheet tab={tab} onAdded={added} onClose={() => setSheet(null)} />}
      {selected && (
        <AccountActionsSheet
          account={selected}
          canMove={{
            up: !selected.previous && current.indexOf(selected) > 0 && current[current.indexOf(selected) - 1]!.pinned === selected.pinned,
            down:
              !selected.previous &&
              current.indexOf(selected) >= 0 &&
              current.indexOf(selected) < current.length - 1 &&
              current[current.indexOf(selected) + 1]!.pinned === selected.pinned,
          }}
          onClose={() => setSheet(null)}
          actions={{
            rename: (issuer, name) => act(() => sendMessage('vault.rename', { id: selected.id, issuer, account: name })),
            pin: (pinned) => act(() => sendMessage('vault.pin', { id: selected.id, pinned })),
            move: (delta) => move(selected, delta),
            remove: () => remove(selected),
          }}
        />
      )}
      <Toast toast={toast} onDone={clearToast} />
    </div>
  );
}

async function copy(account: AccountView, code: string, say: (text: string) => void, fail: (error: unknown) => void): Promise<void> {
  try {
    await navigator.clipboard.writeText(code);
  } catch (error) {
    fail(new Error(`Could not copy: ${errorText(error)}`));
    return;
  }
  say(`Copied the code for ${accountLabel(account)}. The clipboard is cleared in 30 s.`);
  await sendMessage('clipboard.copied', { text: code }).catch(fail);
}
