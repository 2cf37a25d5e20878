/**
 * The database drivers are optional peers of the package: a site installs only the one its
 * store uses (better-sqlite3 for `sqliteStore`, pg for `postgresStore`). A driver is loaded on
 * the first call that needs it rather than imported, so a missing one fails there with an error
 * naming the package instead of failing every import of the entry with Node's bare
 * "Cannot find package".
 */
import { createRequire } from 'node:module';
import { TwoFactorError } from './two-factor-error';

const loaded = new Map<string, unknown>();

/**
 * The CommonJS module `name`, or a `TwoFactorError('missing_peer_dependency')` telling the
 * caller (`needer`, e.g. "sqliteStore()") which `version` to install.
 */
export function loadPeer<T>(name: 'better-sqlite3' | 'pg', version: string, needer: string): T {
  if (loaded.has(name)) return loaded.get(name) as T;
  let module: T;
  try {
    module = createRequire(import.meta.url)(name) as T;
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(`'${name}'`);
    if (!missing) throw error;
    throw new TwoFactorError(
      'missing_peer_dependency',
      `${needer} needs the ${name} package (${version}), an optional peer dependency of @phone-free/two-factor: run \`npm install ${name}\`.`,
      { cause: error },
    );
  }
  loaded.set(name, module);
  return module;
}
