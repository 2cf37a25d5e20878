/**
 * "Sync between your browsers": turn sync on or off, join the vault another browser synced,
 * enter a passphrase changed elsewhere, and say plainly when the vault outgrew the browser's
 * sync storage. The worker's sync service does the work (`sync.*` messages); this section
 * shows its status and the worker's own words for every failure.
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SyncStatus } from '../../../shared/protocol/automation';
import type { VaultStatus } from '../../../shared/protocol/extension-messages';
import { errorCode, errorText } from '../error-text';
import { relativeTime } from '../sync/relative-time';
import { sendMessage } from '../../messaging';
import { syncErrorText } from '../sync/sync-errors';
import { useSyncStatus } from '../sync/use-sync-status';

/** storage.sync's whole quota (Chrome's QUOTA_BYTES; Firefox's is the same). */
export const SYNC_QUOTA_BYTES = 102_400;

type Busy = 'enable' | 'join' | 'disable' | null;

/** `onVaultChanged`: joining set this vault's passphrase; the page reads the vault status again. */
export function SyncSection({ vault, onVaultChanged }: { vault: VaultStatus; onVaultChanged: () => void }) {
  const { status, available, problem, now, refresh, show } = useSyncStatus();
  const [busy, setBusy] = useState<Busy>(null);
  const [failure, setFailure] = useState<string | null>(null);
  /** The last action failed because this version cannot read the synced copy (`sync_format`). */
  const [unreadable, setUnreadable] = useState(false);

  // Setting or removing the passphrase above changes what this section offers.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else void refresh();
  }, [vault.hasPassphrase, vault.locked, refresh]);

  if (!available) return null;

  /** Runs one sync action; on failure shows the worker's message and returns false. */
  const run = async (kind: Exclude<Busy, null>, action: () => Promise<SyncStatus>): Promise<boolean> => {
    setBusy(kind);
    setFailure(null);
    setUnreadable(false);
    try {
      show(await action());
      return true;
    } catch (error) {
      setFailure(errorText(error));
      setUnreadable(errorCode(error) === 'sync_format');
      await refresh();
      return false;
    } finally {
      setBusy(null);
    }
  };

  return (
    <section id="sync" class="sync" aria-labelledby="sync-title" aria-busy={status === null && problem === null}>
      <h2 id="sync-title">Sync between your browsers</h2>
      {status === null ? (
        problem === null ? <p class="muted">Checking sync…</p> : null
      ) : (
        <SyncBody status={status} vault={vault} now={now} busy={busy} run={run} onJoined={onVaultChanged} unreadable={unreadable} />
      )}
      <div class="sync-messages">
        <p class="error" role="alert" data-testid="sync-error">
          {failure ?? problem ?? (status?.error ? syncErrorText(status.error) : '')}
        </p>
      </div>
    </section>
  );
}

type BodyProps = {
  status: SyncStatus;
  vault: VaultStatus;
  now: number;
  busy: Busy;
  run: (kind: Exclude<Busy, null>, action: () => Promise<SyncStatus>) => Promise<boolean>;
  onJoined: () => void;
  /** A join failed on a synced copy this version cannot read: offer to remove it. */
  unreadable: boolean;
};


function SyncBody({ status, vault, now, busy, run, onJoined, unreadable }: BodyProps): JSX.Element {
  if (status.passphraseChanged) {
    return (
      <>
        <p class="notice" role="status">
          <strong>Your passphrase was changed on another browser.</strong> Enter the new one to keep syncing. It becomes this browser's vault passphrase too.
        </p>
        <JoinForm label="New passphrase" button="Use the new passphrase" busy={busy} run={run} onJoined={onJoined} />
        {/* Without the new passphrase (another vault replaced ours), sync can still be turned off here. */}
        <TurnOff busy={busy} run={run} />
      </>
    );
  }
  if (status.joinable && !status.enabled) {
    return (
      <>
        <h3>Join your synced vault</h3>
        <p>
          Another of your browsers syncs its vault through your browser account. Join it with that browser's passphrase: the accounts of both are merged and
          nothing on either side is lost.{' '}
          <strong>
            {vault.hasPassphrase
              ? "After joining, that passphrase is this browser's vault passphrase too: it replaces the one you use here."
              : 'After joining, this browser\u2019s vault is encrypted with that passphrase too.'}
          </strong>
        </p>
        <JoinForm label="Passphrase of your synced vault" button="Join" busy={busy} run={run} onJoined={onJoined} />
        {unreadable && (
          // With sync off here there is no "Turn off sync" to remove it with: without this, a
          // damaged copy could be neither joined nor replaced from this browser.
          <div class="notice" role="group" aria-labelledby="sync-unreadable">
            <p id="sync-unreadable">
              If the extension is up to date, remove the synced copy, then turn sync on here: your other browsers keep their accounts and can join again.
            </p>
            <div class="row">
              <button type="button" class="danger" disabled={busy !== null} onClick={() => void run('disable', () => sendMessage('sync.disable', { wipeRemote: true }))}>
                {busy === 'disable' ? 'Removing…' : 'Remove the synced copy'}
              </button>
            </div>
          </div>
        )}
      </>
    );
  }
  if (status.tooBig) {
    return (
      <>
        <div class="notice" role="status" data-testid="sync-too-big">
          <p>
            <strong>Your vault outgrew your browser's sync storage</strong> (about 800 accounts fit), so sync stopped. Nothing on this browser was lost.
          </p>
          <p>
            Sync starts again by itself once the vault fits: delete accounts you no longer use. Until then, export an encrypted backup (below) after adding accounts.
          </p>
        </div>
        {status.enabled && <TurnOff busy={busy} run={run} />}
      </>
    );
  }
  if (status.enabled) {
    const kb = (bytes: number) => (bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0);
    return (
      <>
        <p role="status" data-testid="sync-summary">
          Synced {status.accounts} account{status.accounts === 1 ? '' : 's'},{' '}
          {status.lastSyncedAt === null ? (
            'not synced yet'
          ) : (
            <>
              last synced <time dateTime={new Date(status.lastSyncedAt).toISOString()} title={new Date(status.lastSyncedAt).toLocaleString()}>{relativeTime(status.lastSyncedAt, now)}</time>
            </>
          )}
          .
        </p>
        <p class="muted sync-usage">
          <label for="sync-usage">
            {kb(status.bytes)} KB of {kb(SYNC_QUOTA_BYTES)} KB of your browser's sync storage used
          </label>{' '}
          <meter id="sync-usage" min={0} max={SYNC_QUOTA_BYTES} high={SYNC_QUOTA_BYTES * 0.8} value={status.bytes} />
        </p>
        <TurnOff busy={busy} run={run} />
      </>
    );
  }
  if (!vault.hasPassphrase) {
    return (
      <p>
        Sync keeps your accounts on all your browsers, encrypted end to end with your vault passphrase, so it needs one.{' '}
        <a
          href="#passphrase"
          onClick={(e) => {
            e.preventDefault();
            const section = document.getElementById('passphrase');
            section?.scrollIntoView();
            section?.querySelector<HTMLInputElement>('input')?.focus();
          }}
        >
          Set a passphrase first
        </a>
        .
      </p>
    );
  }
  return (
    <>
      <p>
        Keep your accounts on all the browsers you sign in to with the same browser account. Everything is encrypted end to end with your vault passphrase before it
        leaves this browser: the sync provider sees only opaque records, how many there are and their size, never a secret, a name or a site. Sync is off until you
        turn it on.
      </p>
      {/* The passphrase is always sent: the worker then makes a fresh sync key, so turning sync
          off (removing the synced copy) and on again here replaces a key whose passphrase leaked. */}
      <PassphraseForm
        kind="enable"
        label="Your vault passphrase"
        button="Turn on sync"
        busyButton="Turning on…"
        busy={busy}
        run={run}
        send={(passphrase) => sendMessage('sync.enable', { passphrase })}
        onDone={() => undefined}
      >
        {status.error !== null && (
          // Stopped by another browser: the popup says so until sync is turned on again or kept off here.
          <button type="button" disabled={busy !== null} onClick={() => void run('disable', () => sendMessage('sync.disable', { wipeRemote: false }))}>
            {busy === 'disable' ? 'Keeping it off…' : 'Keep sync off'}
          </button>
        )}
      </PassphraseForm>
    </>
  );
}

/** The passphrase form for `sync.join`. */
function JoinForm({ label, button, busy, run, onJoined }: { label: string; button: string; busy: Busy; run: BodyProps['run']; onJoined: () => void }) {
  return (
    <PassphraseForm
      kind="join"
      label={label}
      button={button}
      busyButton="Joining…"
      busy={busy}
      run={run}
      send={(passphrase) => sendMessage('sync.join', { passphrase })}
      onDone={onJoined}
    />
  );
}

type PassphraseFormProps = {
  kind: 'join' | 'enable';
  label: string;
  button: string;
  busyButton: string;
  busy: Busy;
  run: BodyProps['run'];
  send: (passphrase: string) => Promise<SyncStatus>;
  onDone: () => void;
  /** More buttons beside the submit button. */
  children?: JSX.Element | false;
};

/** One passphrase field and its button (Enter submits): a wrong passphrase keeps the field and focuses it again. */
function PassphraseForm({ kind, label, button, busyButton, busy, run, send, onDone, children }: PassphraseFormProps) {
  const [passphrase, setPassphrase] = useState('');
  const field = useRef<HTMLInputElement>(null);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        if (passphrase === '') return;
        if (await run(kind, () => send(passphrase))) {
          setPassphrase('');
          onDone();
        } else field.current?.focus();
      }}
    >
      <label>
        {label}
        <input ref={field} type="password" name="sync-passphrase" autoComplete="current-password" required value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} />
      </label>
      <div class="row">
        <button type="submit" class="primary" disabled={busy !== null || passphrase === ''}>
          {busy === kind ? busyButton : button}
        </button>
        {children}
      </div>
    </form>
  );
}

/** "Turn off sync", optionally wiping the synced copy, after a confirmation. */
function TurnOff({ busy, run }: { busy: Busy; run: BodyProps['run'] }) {
  const [wipe, setWipe] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const offButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  // Keyboard users land on the question's answer, and back on "Turn off sync" after Cancel.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) offButton.current?.focus();
    asked.current = confirming;
  }, [confirming]);
  return (
    <div class="sync-off">
      <label class="check">
        <input type="checkbox" name="wipeRemote" checked={wipe} disabled={busy !== null} onChange={(e) => setWipe(e.currentTarget.checked)} />
        <span>
          Also remove the synced copy from your browser account
          <br />
          <span class="muted">Your other browsers keep their own accounts; they stop receiving changes.</span>
        </span>
      </label>
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby="sync-off-question">
          <p id="sync-off-question">
            {wipe
              ? 'Turn off sync and remove the synced copy? Every account stays on this browser.'
              : 'Turn off sync on this browser? Every account stays here, and the synced copy stays in your browser account.'}
          </p>
          <div class="row">
            <button
              ref={confirmButton}
              type="button"
              class="danger"
              disabled={busy !== null}
              onClick={async () => {
                if (await run('disable', () => sendMessage('sync.disable', { wipeRemote: wipe }))) setConfirming(false);
              }}
            >
              {busy === 'disable' ? 'Turning off…' : 'Yes, turn off sync'}
            </button>
            <button type="button" disabled={busy !== null} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div class="row">
          <button ref={offButton} type="button" disabled={busy !== null} onClick={() => setConfirming(true)}>
            Turn off sync
          </button>
        </div>
      )}
    </div>
  );
}
