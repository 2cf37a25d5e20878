/**
 * Where the packaged extension lives. The build copies WXT's Chrome MV3 output to
 * `chrome-mv3/` beside `dist/`; the same relative path holds for the sources in `src/`, and
 * the bundle keeps every chunk directly in `dist/` for this reason.
 */
import { fileURLToPath } from 'node:url';

/** The absolute path of the packaged Chrome MV3 build: what `--load-extension` takes. */
export const extensionPath: string = fileURLToPath(new URL('../chrome-mv3', import.meta.url));
