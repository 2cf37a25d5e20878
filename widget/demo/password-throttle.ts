/**
 * The demo's password throttle, for sign-in and password re-entry: the same growing wait as
 * two-factor codes (30 s doubling up to an hour), counted per account (after 5 failures) and
 * per client address (after 20: one address may be an office, but a sprayer tries many
 * accounts from it). Kept in the accounts database, so a restart does not reset it.
 *
 * Each attempt is counted before the (slow) password check and given back on success, so a
 * burst of parallel guesses gets no more answers than the free ones. A success clears the
 * account's count but only gives back its own unit of the address's count, so signing in to
 * one's own account between guesses does not clear an address.
 */
import Database from 'better-sqlite3';
import { throttleWaitMs } from '../server/throttle-policy';

export const ACCOUNT_FREE_FAILURES = 5;
export const ADDRESS_FREE_FAILURES = 20;
/** A count whose last attempt is older than this starts again from zero. */
const FORGET_AFTER_MS = 24 * 60 * 60_000;

export type PasswordAttempt = {
  /** Call once the password proved right: the account starts again, the address gets its unit back. */
  succeeded(): void;
};

export type PasswordThrottle = {
  /** Counts an attempt for `email` from `address`, or answers how long to wait (nothing counted). */
  begin(email: string, address: string, now: number): PasswordAttempt | { retryAfterS: number };
  close(): void;
};

type Row = { count: number; last_at: number };

export function openPasswordThrottle(path: string): PasswordThrottle {
  const db = new Database(path, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS demo_password_attempts (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    last_at INTEGER NOT NULL
  ) STRICT`);
  const get = db.prepare<[string], Row>('SELECT count, last_at FROM demo_password_attempts WHERE key = ?');
  const put = db.prepare('INSERT OR REPLACE INTO demo_password_attempts (key, count, last_at) VALUES (?, ?, ?)');
  const remove = db.prepare('DELETE FROM demo_password_attempts WHERE key = ?');
  const giveBack = db.prepare('UPDATE demo_password_attempts SET count = max(count - 1, 0) WHERE key = ?');

  const begin = db.transaction((keys: Array<{ key: string; free: number }>, now: number): number | null => {
    const counts = keys.map(({ key }) => {
      const row = get.get(key);
      return row && now - row.last_at < FORGET_AFTER_MS ? row : { count: 0, last_at: now };
    });
    const retryAt = Math.max(...counts.map((row, i) => row.last_at + throttleWaitMs(row.count, keys[i]!.free)));
    if (now < retryAt) return retryAt;
    keys.forEach(({ key }, i) => put.run(key, counts[i]!.count + 1, now));
    return null;
  });

  return {
    begin(email, address, now) {
      const account = `account:${email.trim().toLowerCase()}`;
      const from = `address:${address}`;
      const retryAt = begin.immediate(
        [
          { key: account, free: ACCOUNT_FREE_FAILURES },
          { key: from, free: ADDRESS_FREE_FAILURES },
        ],
        now,
      );
      if (retryAt !== null) return { retryAfterS: Math.max(1, Math.ceil((retryAt - now) / 1000)) };
      return {
        succeeded() {
          remove.run(account);
          giveBack.run(from);
        },
      };
    },
    close() {
      if (db.open) db.close();
    },
  };
}

/**
 * The throttle key of a client address: IPv4 as is (also when mapped into IPv6), IPv6 by its
 * /64, which one customer usually holds whole.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
