/**
 * WXT build configuration for the extension. The source lives in extension/ (srcDir);
 * public assets and local modules are resolved from the project root.
 */
import { readFileSync } from 'node:fs';
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { releasedVersion } from './scripts/changelog-version';

/** The newest release in CHANGELOG.md is the extension's version. */
const VERSION = releasedVersion(readFileSync(new URL('./CHANGELOG.md', import.meta.url), 'utf8'));
const ICONS = Object.fromEntries([16, 32, 48, 96, 128].map((size) => [size, `icons/${size}.png`]));

export default defineConfig({
  srcDir: 'extension',
  entrypointsDir: 'entrypoints',
  publicDir: 'extension/public',
  modulesDir: 'extension/modules',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  // `npm run zip`: the store packages, and for Firefox the sources Mozilla's reviewers build
  // from (`npm ci && npm run build:firefox`); docs and tests are not needed for that.
  zip: { excludeSources: ['docs/**', 'test/**', 'coverage/**', '**/*.log'] },
  manifest: ({ browser }) => ({
    name: 'Phone-free Authenticator',
    version: VERSION,
    // At most 132 characters: the Chrome Web Store refuses a longer one.
    description: 'Two-factor codes without a phone: scan the page\'s QR code, keep the secret in an encrypted vault, fill codes only on its own site.',
    permissions: ['storage', 'unlimitedStorage', 'tabs', 'activeTab', 'alarms', 'contextMenus', 'scripting', 'clipboardWrite', 'clipboardRead', 'offscreen'].filter(
      (p) => browser !== 'firefox' || p !== 'offscreen',
    ),
    host_permissions: ['<all_urls>'],
    // Rendered from extension/assets/icons/*.svg by `npm run icons`; the locked variant
    // (icons/locked-*.png) is set at run time while the vault is locked.
    icons: ICONS,
    action: { default_icon: ICONS, default_title: 'Phone-free Authenticator' },
    commands: {
      // extension/scan/scan-triggers.ts listens for this id.
      'scan-qr-code': { suggested_key: { default: 'Alt+Shift+Q' }, description: 'Scan the QR code on this page' },
    },
    browser_specific_settings:
      browser === 'firefox'
        ? {
            gecko: {
              id: 'authenticator@phone-free-authenticator.dev',
              strict_min_version: '142.0', // the first with data_collection_permissions on desktop and Android
              // Nothing leaves the browser for us: no telemetry, no server of ours. The opt-in sync goes
              // only through the browser's own storage.sync, end to end encrypted (docs/sync-format.md).
              data_collection_permissions: { required: ['none'] },
            },
          }
        : undefined,
  }),
});
