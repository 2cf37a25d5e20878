/**
 * better-sqlite3 is an optional peer of the package: sites on PostgreSQL or their own store
 * never install it. It is loaded on the first `sqliteStore()` call rather than imported, so a
 * missing module fails there with an error naming the package instead of failing every import
 * of the entry with Node's bare "Cannot find package".
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { TwoFactorError } from './two-factor-error';

let loaded: typeof BetterSqlite3 | undefined;

/** The better-sqlite3 constructor, or a `TwoFactorError('missing_peer_dependency')` saying what to install. */
export function loadBetterSqlite3(): typeof BetterSqlite3 {
  if (loaded) return loaded;
  try {
    loaded = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes("'better-sqlite3'");
    if (!missing) throw error;
    throw new TwoFactorError(
      'missing_peer_dependency',
      'sqliteStore() needs the better-sqlite3 package (12.x), an optional peer dependency of @phone-free/two-factor: run `npm install better-sqlite3`.',
      { cause: error },
    );
  }
  return loaded;
}
