/**
 * Which browser binary can load the extension. Branded Google Chrome 137 and later ignores
 * `--load-extension`, so only Chromium and Chrome for Testing qualify: `CHROMIUM_PATH`
 * first, then where package managers, Playwright (`npx playwright install chromium`) and
 * `@puppeteer/browsers` put them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AuthenticatorError } from '../../../shared/protocol/authenticator-error.js';

/** Where to look; every field defaults to this process's own. */
export type ChromiumSearch = {
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  home?: string;
};

const HOW_TO_GET_CHROMIUM =
  'Install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: `brew install --cask chromium`) ' +
  'or Chrome for Testing (`npx playwright install chromium`, or `npx @puppeteer/browsers install chrome@stable`), ' +
  'then pass its path as `executablePath` or in the CHROMIUM_PATH environment variable. ' +
  'Branded Google Chrome 137 and later cannot load extensions from the command line, so it cannot run the authenticator.';

/** The binaries to try, most specific first (only the ones that exist are used). */
export function chromiumCandidates(search: ChromiumSearch = {}): string[] {
  const env = search.env ?? process.env;
  const platform = search.platform ?? process.platform;
  const home = search.home ?? homedir();
  const fixed: Record<string, string[]> = {
    linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium', '/usr/lib/chromium/chromium'],
    darwin: [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
    ],
    win32: [
      join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'Chromium', 'Application', 'chrome.exe'),
      join(env.PROGRAMFILES ?? 'C:\\Program Files', 'Chromium', 'Application', 'chrome.exe'),
    ],
  };
  return [...(fixed[platform] ?? []), ...playwrightBrowsers(env, platform, home), ...puppeteerBrowsers(platform, home)];
}

/**
 * The Chromium to drive: `CHROMIUM_PATH` when set (it must exist), else the first candidate
 * that exists, else an error that says how to get one.
 */
export function findChromium(search: ChromiumSearch = {}): string {
  const env = search.env ?? process.env;
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    if (!existsSync(chosen)) throw new AuthenticatorError('chromium_not_found', `CHROMIUM_PATH is "${chosen}", which does not exist. ${HOW_TO_GET_CHROMIUM}`);
    return chosen;
  }
  const found = chromiumCandidates(search).find((path) => existsSync(path));
  if (!found) throw new AuthenticatorError('chromium_not_found', `No Chromium or Chrome for Testing found. ${HOW_TO_GET_CHROMIUM}`);
  return found;
}

/** The error to give when a browser started but never loaded the extension. */
export function notLoadedMessage(executablePath: string): string {
  return `The browser at "${executablePath}" started but did not load the extension. ${HOW_TO_GET_CHROMIUM}`;
}

/** Playwright's browser cache: `chromium-<revision>` folders, newest first. */
function playwrightBrowsers(env: Record<string, string | undefined>, platform: NodeJS.Platform, home: string): string[] {
  const configured = env.PLAYWRIGHT_BROWSERS_PATH;
  const root =
    configured && configured !== '0'
      ? configured
      : platform === 'darwin'
        ? join(home, 'Library', 'Caches', 'ms-playwright')
        : platform === 'win32'
          ? join(env.LOCALAPPDATA ?? join(home, 'AppData', 'Local'), 'ms-playwright')
          : join(home, '.cache', 'ms-playwright');
  const inside: Record<string, string[]> = {
    linux: ['chrome-linux64/chrome', 'chrome-linux/chrome'],
    darwin: [
      'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
      'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
      'chrome-mac/Chromium.app/Contents/MacOS/Chromium',
    ],
    win32: ['chrome-win64/chrome.exe', 'chrome-win/chrome.exe'],
  };
  return newestFirst(root, /^chromium-\d+$/).flatMap((dir) => (inside[platform] ?? []).map((rest) => join(dir, ...rest.split('/'))));
}

/** `@puppeteer/browsers`' default cache: `chrome/<platform>-<version>` folders, newest first. */
function puppeteerBrowsers(platform: NodeJS.Platform, home: string): string[] {
  const inside: Record<string, string> = {
    linux: 'chrome-linux64/chrome',
    darwin: 'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
    win32: 'chrome-win64/chrome.exe',
  };
  const rest = inside[platform];
  if (!rest) return [];
  return newestFirst(join(home, '.cache', 'puppeteer', 'chrome'), /^[a-z0-9]+-\d+(\.\d+)*$/).map((dir) => join(dir, ...rest.split('/')));
}

/** Sub-folders of `root` whose name matches `pattern`, highest version (numeric order) first. */
function newestFirst(root: string, pattern: RegExp): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names
    .filter((name) => pattern.test(name))
    .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
    .map((name) => join(root, name));
}
