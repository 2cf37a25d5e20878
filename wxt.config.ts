/**
 * WXT build configuration for the extension. The source lives in extension/ (srcDir);
 * public assets and local modules are resolved from the project root (PLATFORM.md).
 */
import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

const ICONS = Object.fromEntries([16, 32, 48, 96, 128].map((size) => [size, `icons/${size}.png`]));

export default defineConfig({
  srcDir: 'extension',
  entrypointsDir: 'entrypoints',
  publicDir: 'extension/public',
  modulesDir: 'extension/modules',
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Phone-free Authenticator',
    description:
      'Enrol in two-factor authentication straight from the page: scan the QR code, keep the secret in an encrypted vault, fill codes only on the site they belong to.',
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
              // Nothing leaves the browser: no telemetry, no sync, no server of ours.
              data_collection_permissions: { required: ['none'] },
            },
          }
        : undefined,
  }),
});
