/**
 * launchAuthenticator() refuses bad options with a specific error before any browser starts
 * (the launches themselves run in test/e2e/authenticator-package.e2e.ts).
 */
import { describe, expect, it } from 'vitest';
import { launchAuthenticator, type LaunchAuthenticatorOptions } from '../../../packages/authenticator/src/launch-authenticator';

const refusal = (options: unknown) => launchAuthenticator(options as LaunchAuthenticatorOptions).then(() => expect.fail('launched'), (e: unknown) => e as Error & { code: string });

describe('launchAuthenticator options', () => {
  it.each([
    [{ executablePath: '/no/such/chromium' }, 'chromium_not_found', /^\[chromium_not_found\] executablePath "\/no\/such\/chromium" does not exist\.$/],
    [{ headless: 'yes' }, 'bad_request', /headless must be true or false/],
    [{ userDataDir: '' }, 'bad_request', /userDataDir must be a folder path/],
    [{ args: '--lang=de' }, 'bad_request', /args must be an array of strings/],
    [{ args: ['--lang=de', 3] }, 'bad_request', /args must be an array of strings/],
    [{ contextOptions: { storageState: 'state.json' } }, 'bad_request', /^\[bad_request\] storageState cannot be loaded into the authenticator's persistent profile/],
    [{ contextOptions: 'dark' }, 'bad_request', /contextOptions must be an object/],
    [null, 'bad_request', /options must be an object/],
  ])('%j -> [%s]', async (options, code, message) => {
    const error = await refusal(options);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });
});
