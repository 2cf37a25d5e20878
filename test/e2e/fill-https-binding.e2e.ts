/**
 * Scheme downgrade: an account scanned on https://acme.test never gets a code on
 * http://acme.test, where anyone on the network can serve the page: no automatic fill, no
 * button, `authenticator.fill` refuses; the popup lists it under "Other sites" and fills only
 * after a warning that says the page is not secure. The twin: on https://acme.test itself it
 * is filled automatically (a throwaway self-signed certificate; Chromium told to accept it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateSecret } from '../../shared/otp';
import { oathtoolCode } from './support/widget-pages';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { HOST_RULES, serveFixtures, type FixtureServer } from './fixtures/fill/serve-fixtures';

const FIELD = '#app_totp';
const PAGE = readFileSync(join(import.meta.dirname, 'fixtures/fill/github.html'));

let browser: ExtensionBrowser;
let plain: FixtureServer;
let secure: Server;
let securePort: number;
let secret: string;

/** An https server for one page, on a key and certificate made for this run only. */
async function serveOverTls(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'pfa-tls-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=acme.test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(PAGE);
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    return server;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function tabIdOf(page: Page): Promise<number> {
  return browser.worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)!.id!, page.url());
}

function expectCode(value: string, t0: number): void {
  const steps = [Math.floor(t0 / 30_000), Math.floor(Date.now() / 30_000), Math.floor(Date.now() / 30_000) + 1];
  expect(steps.map((s) => oathtoolCode(secret, s))).toContain(value);
}

beforeAll(async () => {
  plain = await serveFixtures();
  secure = await serveOverTls();
  securePort = (secure.address() as AddressInfo).port;
  browser = await launchWithExtension({ args: [HOST_RULES, '--ignore-certificate-errors'] });
  await browser.worker.evaluate(() => globalThis.authenticator!.reset());
  secret = generateSecret();
  const added = await browser.worker.evaluate(
    ([uri, page]) => globalThis.authenticator!.add(uri, page),
    [`otpauth://totp/Acme:alice?secret=${secret}&issuer=Acme`, `https://acme.test:${securePort}/settings`] as const,
  );
  expect(added).toMatchObject({ origin: `https://acme.test:${securePort}`, site: 'acme.test' });
});
afterAll(async () => {
  await browser?.close();
  await plain?.close();
  await new Promise((done) => secure?.close(done));
});

describe('an account scanned on https://acme.test', () => {
  it('http://acme.test: no automatic fill, no fill button, and authenticator.fill fills nothing', async () => {
    const page = await browser.context.newPage();
    await page.goto(`http://acme.test:${plain.port}/github.html`);
    await page.waitForTimeout(1500);
    expect(await page.locator(FIELD).inputValue()).toBe('');
    expect(await page.locator('pfa-in-page').count()).toBe(0);
    expect(await browser.worker.evaluate((id) => globalThis.authenticator!.fill(id), await tabIdOf(page))).toEqual({ filled: false, accountId: null });
    expect(await page.locator(FIELD).inputValue()).toBe('');
    await page.close();
  });

  it('http://acme.test from the popup: under "Other sites", filled only after a warning that the page is not secure', async () => {
    const page = await browser.context.newPage();
    await page.goto(`http://acme.test:${plain.port}/github.html`);
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(page)}`);
    await popup.getByRole('button', { name: 'Other sites (1)' }).click();
    await popup.getByRole('button', { name: 'Fill Acme (alice) on acme.test' }).click();
    await expect.poll(() => popup.getByTestId('other-site-warning').textContent()).toContain('was added on a secure (https) page of acme.test, but this page is not secure (http)');
    expect(await page.locator(FIELD).inputValue()).toBe('');
    const t0 = Date.now();
    await popup.getByRole('button', { name: 'Fill on acme.test anyway' }).click();
    await expect.poll(() => page.locator(FIELD).inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    expectCode(await page.locator(FIELD).inputValue(), t0);
    await popup.close();
    await page.close();
  });

  it('the twin: https://acme.test itself is filled automatically', async () => {
    const page = await browser.context.newPage();
    const t0 = Date.now();
    await page.goto(`https://acme.test:${securePort}/github.html`);
    await expect.poll(() => page.locator(FIELD).inputValue(), { timeout: 40_000 }).toMatch(/^\d{6}$/);
    expectCode(await page.locator(FIELD).inputValue(), t0);
    await page.close();
  });
});
