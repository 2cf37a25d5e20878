/**
 * `@phone-free/authenticator/playwright`: the extension in Playwright tests. Launch a browser
 * with it (`launchAuthenticator`) or use the `@playwright/test` fixture (`test`, `expect`),
 * and drive it page by page (`authenticator.scan(page)`, `fill(page)`, `nextCode(id)`).
 */
export { extensionPath, firefoxExtensionPath } from './extension-path.js';
export { launchAuthenticator, type LaunchAuthenticatorOptions, type LaunchedAuthenticator } from './launch-authenticator.js';
export { attachAuthenticator } from './attach-authenticator.js';
export type { PlaywrightAuthenticator } from './playwright-authenticator.js';
export { test, expect, type AuthenticatorFixtures, type AuthenticatorTest } from './authenticator-fixture.js';
export { findChromium } from './find-chromium.js';
export { AuthenticatorError } from '../../../shared/protocol/authenticator-error.js';
export type { AccountSummary, CodeResult, FillResult, ScanResult, Settings } from '../../../shared/protocol/automation.js';
