/**
 * Shared setup for vault and background tests: a fresh in-memory IndexedDB and WXT's fake
 * browser per test, a clock the test moves, and a few real-looking accounts.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { generateSecret, type OtpParams } from '../../../shared/otp';
import { Vault } from '../../../extension/vault';

/** A clean world: no database, empty storage, no alarms. Call in `beforeEach`. */
export function resetWorld(): void {
  globalThis.indexedDB = new IDBFactory();
  fakeBrowser.reset();
}

export type TestClock = { now: () => number; advance: (ms: number) => void; set: (ms: number) => void };

export function testClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms), set: (ms) => (t = ms) };
}

export function vaultWith(clock: TestClock): Vault {
  return new Vault({ now: clock.now });
}

export function account(overrides: Partial<OtpParams> = {}): OtpParams {
  return {
    type: 'totp',
    secret: generateSecret(20),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    issuer: 'Example',
    account: 'alice@example.com',
    ...overrides,
  };
}

export const EXAMPLE = { origin: 'https://accounts.example.com', site: 'example.com' };
export const OTHER = { origin: 'https://other.test', site: 'other.test' };

/** Every value in both object stores, as IndexedDB holds it. */
export async function snapshot(): Promise<unknown> {
  const { openDB } = await import('idb');
  const db = await openDB('authenticator-vault');
  const out = { accounts: await db.getAll('accounts'), meta: await db.getAll('meta') };
  db.close();
  return out;
}

/** Runs `fn` and returns the AuthenticatorError (or other error) it rejects with. */
export async function rejectionOf(fn: () => Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection, but it resolved');
}
