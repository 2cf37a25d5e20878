/**
 * Where the packaged extension lives. The build copies WXT's Chrome MV3 and Firefox MV3
 * outputs to `chrome-mv3/` and `firefox-mv3/` beside `dist/`; the same relative path holds for the sources in `src/`, and
 * the bundle keeps every chunk directly in `dist/` for this reason.
 */
import { fileURLToPath } from 'node:url';

/** The absolute path of the packaged Chrome MV3 build: what `--load-extension` takes. */
export const extensionPath: string = fileURLToPath(new URL('../chrome-mv3', import.meta.url));

/**
 * The absolute path of the packaged Firefox MV3 build (Firefox 142 or later), for tools that
 * install temporary add-ons (puppeteer's `browser.installExtension`, `web-ext run`). The
 * Playwright helper drives Chromium only.
 */
export const firefoxExtensionPath: string = fileURLToPath(new URL('../firefox-mv3', import.meta.url));
