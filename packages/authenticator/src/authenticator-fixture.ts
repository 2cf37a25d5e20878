/**
 * The `@playwright/test` fixture: `test` gives each test `{ authenticator, context, page }`
 * from its own browser with the extension and its own throwaway profile. `@playwright/test`
 * is an optional peer, loaded with `require` (no top-level await), so this module still
 * loads without it and CommonJS specs can `require` the package on Node 20.19+.
 */
import { createRequire } from 'node:module';
import type {
  Expect,
  PlaywrightTestArgs,
  PlaywrightTestOptions,
  PlaywrightWorkerArgs,
  PlaywrightWorkerOptions,
  TestType,
} from '@playwright/test';
import type { BrowserContext } from 'playwright-core';
import { AuthenticatorError } from '../../../shared/protocol/authenticator-error.js';
import { launchAuthenticator, type LaunchAuthenticatorOptions, type LaunchedAuthenticator, type PersistentContextOptions } from './launch-authenticator.js';
import type { PlaywrightAuthenticator } from './playwright-authenticator.js';

export type AuthenticatorFixtures = {
  /** The extension's automation surface for this test's browser. */
  authenticator: PlaywrightAuthenticator;
  /** Launch options for this test's browser (`test.use({ authenticatorOptions: { args: [...] } })`); `headless` comes from Playwright's own option. */
  authenticatorOptions: Omit<LaunchAuthenticatorOptions, 'headless' | 'userDataDir'>;
};

export type AuthenticatorTest = TestType<PlaywrightTestArgs & PlaywrightTestOptions & AuthenticatorFixtures, PlaywrightWorkerArgs & PlaywrightWorkerOptions>;

type PlaywrightTestModule = { test: TestType<PlaywrightTestArgs & PlaywrightTestOptions, PlaywrightWorkerArgs & PlaywrightWorkerOptions>; expect: Expect };

const playwrightTest = loadPlaywrightTest();

/** `@playwright/test`'s `test`, with `context` and `page` from a browser that has the authenticator. */
export const test: AuthenticatorTest = playwrightTest ? extend(playwrightTest.test) : missing<AuthenticatorTest>();
/** `@playwright/test`'s `expect`, re-exported so one import gives both. */
export const expect: Expect = playwrightTest ? playwrightTest.expect : missing<Expect>();

function extend(base: PlaywrightTestModule['test']): AuthenticatorTest {
  const launched = new WeakMap<BrowserContext, LaunchedAuthenticator>();
  return base.extend<AuthenticatorFixtures>({
    authenticatorOptions: [{}, { option: true }],
    // Replaces Playwright's own context: extensions load only in a persistent context.
    // Playwright's own context options (baseURL, viewport, locale, ...) apply as they would to its
    // context. Fixtures are named one by one: Playwright reads the parameter list to wire them.
    context: async (
      { authenticatorOptions, headless, contextOptions, actionTimeout, navigationTimeout, baseURL, viewport, locale, timezoneId, colorScheme, userAgent, extraHTTPHeaders,
        ignoreHTTPSErrors, deviceScaleFactor, hasTouch, isMobile, javaScriptEnabled, bypassCSP, permissions, geolocation, httpCredentials, offline, acceptDownloads,
        storageState },
      use,
    ) => {
      const own = { baseURL, viewport, locale, timezoneId, colorScheme, userAgent, extraHTTPHeaders, ignoreHTTPSErrors, deviceScaleFactor, hasTouch, isMobile,
        javaScriptEnabled, bypassCSP, permissions, geolocation, httpCredentials, offline, acceptDownloads, storageState };
      // A storageState set here is passed on so that launchAuthenticator refuses it by name: a
      // persistent profile cannot load one, and ignoring it would fail later, less clearly.
      const options = { ...contextOptions, ...withoutUndefined(own) } as PersistentContextOptions;
      const browser = await launchAuthenticator({ ...authenticatorOptions, headless, contextOptions: options });
      browser.context.setDefaultTimeout(actionTimeout || 0);
      browser.context.setDefaultNavigationTimeout(navigationTimeout || 0);
      launched.set(browser.context, browser);
      try {
        await use(browser.context);
      } finally {
        await browser.close();
      }
    },
    page: async ({ context }, use) => {
      await use(context.pages()[0] ?? (await context.newPage()));
    },
    authenticator: async ({ context }, use) => {
      await use(launched.get(context)!.authenticator);
    },
  }) as AuthenticatorTest;
}

/** The options that are set: an unset one must not override the default underneath. */
function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function loadPlaywrightTest(): PlaywrightTestModule | null {
  try {
    return createRequire(import.meta.url)('@playwright/test') as PlaywrightTestModule;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes('@playwright/test')) return null;
    throw error;
  }
}

/** Stands in for `test` and `expect` without `@playwright/test`: any use says what to install. */
function missing<T>(): T {
  const fail = () => {
    throw new AuthenticatorError('missing_playwright_test', 'The test fixture needs @playwright/test: `npm install -D @playwright/test`. launchAuthenticator() works without it.');
  };
  return new Proxy(fail, { get: fail, apply: fail }) as T;
}
