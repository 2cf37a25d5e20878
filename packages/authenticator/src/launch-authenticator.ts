/**
 * `launchAuthenticator()`: Chromium with the packaged extension loaded and its service worker
 * ready, in a persistent context (the only kind that loads extensions), with a throwaway
 * profile unless the caller brings one.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { AuthenticatorError } from '../../../shared/protocol/authenticator-error.js';
import { extensionPath } from './extension-path.js';
import { attachAuthenticator } from './attach-authenticator.js';
import { findChromium } from './find-chromium.js';
import type { PlaywrightAuthenticator } from './playwright-authenticator.js';

export type LaunchAuthenticatorOptions = {
  /** The Chromium or Chrome for Testing binary. Default: CHROMIUM_PATH, then the usual install locations. */
  executablePath?: string;
  /** Default true. Headless Chromium runs the extension, scans included. */
  headless?: boolean;
  /** A profile folder to use and keep (to test what survives a restart). Default: a new temporary one, removed by `close()`. */
  userDataDir?: string;
  /** More Chromium flags, e.g. `--host-resolver-rules=MAP *.test 127.0.0.1`. */
  args?: string[];
  /** Playwright context options for the browser's one context (`baseURL`, `viewport`, `locale`, ...). */
  contextOptions?: PersistentContextOptions;
};

/** What a persistent context takes besides its launch options (it has no storage state to load). */
export type PersistentContextOptions = Omit<BrowserContextOptions, 'storageState'>;

export type LaunchedAuthenticator = {
  /** The browser context with the extension loaded; open pages with `context.newPage()`. */
  context: BrowserContext;
  authenticator: PlaywrightAuthenticator;
  /** Closes the browser and removes the profile it created (never one passed in). */
  close(): Promise<void>;
};

export async function launchAuthenticator(options: LaunchAuthenticatorOptions = {}): Promise<LaunchedAuthenticator> {
  const { executablePath = findChromium(), headless = true, userDataDir, args = [], contextOptions = {} } = checked(options);
  if (!existsSync(join(extensionPath, 'manifest.json'))) {
    throw new AuthenticatorError('extension_missing', `The packaged extension is missing at ${extensionPath}; reinstall @phone-free/authenticator.`);
  }
  const profile = userDataDir ?? mkdtempSync(join(tmpdir(), 'phone-free-authenticator-'));
  const removeProfile = () => {
    if (!userDataDir) rmSync(profile, { recursive: true, force: true });
  };
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      ...contextOptions,
      executablePath,
      headless,
      args: [`--disable-extensions-except=${extensionPath}`, `--load-extension=${extensionPath}`, '--no-first-run', '--disable-component-update', ...args],
    });
  } catch (error) {
    removeProfile();
    throw error;
  }
  const close = async () => {
    await context.close();
    removeProfile();
  };
  try {
    return { context, authenticator: await attachAuthenticator(context, { executablePath }), close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Options as the types say, or a specific error before anything starts. */
function checked(options: LaunchAuthenticatorOptions): LaunchAuthenticatorOptions {
  if (typeof options !== 'object' || options === null) throw new AuthenticatorError('bad_request', 'launchAuthenticator(options): options must be an object.');
  const { executablePath, headless, userDataDir, args, contextOptions } = options;
  if (executablePath !== undefined && (typeof executablePath !== 'string' || !existsSync(executablePath))) {
    throw new AuthenticatorError('chromium_not_found', `executablePath "${String(executablePath)}" does not exist.`);
  }
  if (headless !== undefined && typeof headless !== 'boolean') throw new AuthenticatorError('bad_request', 'launchAuthenticator(options): headless must be true or false.');
  if (userDataDir !== undefined && (typeof userDataDir !== 'string' || userDataDir === '')) {
    throw new AuthenticatorError('bad_request', 'launchAuthenticator(options): userDataDir must be a folder path.');
  }
  if (args !== undefined && !(Array.isArray(args) && args.every((a) => typeof a === 'string'))) {
    throw new AuthenticatorError('bad_request', 'launchAuthenticator(options): args must be an array of strings (Chromium flags).');
  }
  if (contextOptions !== undefined && (typeof contextOptions !== 'object' || contextOptions === null)) {
    throw new AuthenticatorError('bad_request', 'launchAuthenticator(options): contextOptions must be an object of Playwright context options.');
  }
  if (contextOptions && 'storageState' in contextOptions) {
    throw new AuthenticatorError(
      'bad_request',
      'storageState cannot be loaded into the authenticator\'s persistent profile: sign in within the test, or unset it for these tests (test.use({ storageState: undefined })).',
    );
  }
  return options;
}
