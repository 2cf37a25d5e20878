/**
 * The sync status as the options page and the popup show it, kept current: read once when
 * `start` resolves (the popup waits for its first codes), again whenever `storage.sync`
 * changes (another browser's writes arrive that way), every 30 s while a "last synced" time is
 * shown, and when the page asks (after each action).
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { SyncStatus } from '../../../shared/protocol/automation';
import { errorText } from '../error-text';
import { RELATIVE_TIME_REFRESH_MS } from './relative-time';
import { sendMessage } from '../../messaging';
import { isSyncMissing } from './sync-errors';

export type SyncStatusState = {
  /** null until the first answer (or when it failed). */
  status: SyncStatus | null;
  /** false when this build's worker has no sync: show nothing. */
  available: boolean;
  /** Why the status could not be read. */
  problem: string | null;
  /** When the status was last read (ms); relative times are counted from it. */
  now: number;
  refresh: () => Promise<void>;
  /** Shows a status an action returned, without another round trip. */
  show: (status: SyncStatus) => void;
};

/** `start`: what to wait for before the first read (read once, at mount). */
export function useSyncStatus(start?: () => Promise<void>): SyncStatusState {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [available, setAvailable] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const alive = useRef(true);
  const startFirst = useRef(start);

  const show = useCallback((next: SyncStatus) => {
    setStatus(next);
    setProblem(null);
    setNow(Date.now());
  }, []);

  const refresh = useCallback(async () => {
    try {
      const next = await sendMessage('sync.status');
      if (alive.current) show(next);
    } catch (error) {
      if (!alive.current) return;
      if (isSyncMissing(error)) setAvailable(false);
      else setProblem(errorText(error));
    }
  }, [show]);

  useEffect(() => {
    alive.current = true;
    let listening = false;
    const onChanged = (_changes: unknown, area: string) => {
      if (area === 'sync') void refresh();
    };
    void (startFirst.current?.() ?? Promise.resolve()).then(async () => {
      if (!alive.current) return;
      await refresh();
      if (!alive.current) return;
      browser.storage.onChanged.addListener(onChanged);
      listening = true;
    });
    return () => {
      alive.current = false;
      if (listening) browser.storage.onChanged.removeListener(onChanged);
    };
  }, [refresh]);

  // "Last synced 2 minutes ago" must not go stale while it is on screen.
  const timed = status?.enabled === true && status.lastSyncedAt !== null;
  useEffect(() => {
    if (!timed) return;
    const timer = setInterval(() => void refresh(), RELATIVE_TIME_REFRESH_MS);
    return () => clearInterval(timer);
  }, [timed, refresh]);

  return { status, available, problem, now, refresh, show };
}
