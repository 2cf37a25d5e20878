/**
 * pg (node-postgres) is an optional peer of the package: sites on SQLite or their own store
 * never install it. It is loaded when `postgresStore()` has to open its own pool rather than
 * imported, so a missing module fails there with an error naming the package instead of failing
 * every import of the entry with Node's bare "Cannot find package".
 */
import { createRequire } from 'node:module';
import type pg from 'pg';
import { TwoFactorError } from './two-factor-error';

let loaded: typeof pg | undefined;

/** The pg module, or a `TwoFactorError('missing_peer_dependency')` saying what to install. */
export function loadPg(): typeof pg {
  if (loaded) return loaded;
  try {
    loaded = createRequire(import.meta.url)('pg') as typeof pg;
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes("'pg'");
    if (!missing) throw error;
    throw new TwoFactorError(
      'missing_peer_dependency',
      'postgresStore() needs the pg package (8.x), an optional peer dependency of @phone-free/two-factor: run `npm install pg`.',
      { cause: error },
    );
  }
  return loaded;
}
