/**
 * `@phone-free/authenticator`: the path of the packaged extension, for any automation tool.
 * The Playwright helper is `@phone-free/authenticator/playwright`.
 */
export { extensionPath, firefoxExtensionPath } from './extension-path.js';
