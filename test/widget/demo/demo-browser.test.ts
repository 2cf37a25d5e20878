/**
 * The demo site's own parts in real Chromium, with the real widget bundle: every page passes
 * axe-core and runs without a CSP violation or console error; the settings tabs work by mouse
 * and keyboard; the password prompt answers `two-factor-reauth-required` and retries the
 * widget's request; without the widget, the second step's plain form signs in.
 * (The widget's own flows are in test/e2e/widget-flows.e2e.ts.)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../e2e/support/chromium';
import { generateCode } from '../../../shared/otp';
import { createSessionCodec, SESSION_COOKIE } from '../../../widget/demo/demo-session';
import { startDemo, type RunningDemo } from '../../../widget/demo/server';

const ROOT = resolve(import.meta.dirname, '../../..');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'browser password 1';

let dir: string;
let demo: RunningDemo;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let n = 0;

/** The authenticator app's code for `secret`, `offsetS` seconds from now (oathtool cross-checks live in the HTTP tests). */
const appCode = (secret: string, offsetS = 0) =>
  generateCode({ type: 'totp', secret, algorithm: 'SHA1', digits: 6, period: 30, counter: 0, issuer: '', account: '' }, Date.now() + offsetS * 1000);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'demo-browser-'));
  // The real bundle, built the way `npm run build:widget` builds it, into this test's folder.
  execFileSync('npx', ['vite', 'build', '-c', 'vite.widget.config.ts', '--outDir', join(dir, 'widget'), '--logLevel', 'error'], { cwd: ROOT, stdio: 'pipe' });
  demo = await startDemo({ port: 0, dataDir: join(dir, 'data'), widgetBundlePath: join(dir, 'widget', 'two-factor.js'), onEvent: () => {} });
  browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  page = await context.newPage();
  problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
});
afterEach(async () => {
  await context.close();
});

async function axeViolations(): Promise<string[]> {
  await page.evaluate(axeSource); // evaluate() is not subject to the page's CSP
  return page.evaluate(async () => {
    type Result = { id: string; nodes: Array<{ target: unknown }> };
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Result[] }> } }).axe;
    const { violations } = await axe.run();
    return violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((node) => node.target))}`);
  });
}

async function signUp(): Promise<string> {
  const email = `browser${++n}@acme.test`;
  await page.goto(`${demo.url}/sign-up`);
  await page.getByLabel('Name').fill('Browser User');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/settings$/);
  return email;
}

/** Turns two-factor on through the API from inside the page (same cookies, same origin). */
async function enableTwoFactor(): Promise<string> {
  const secret = await page.evaluate(async () => {
    const post = (path: string, body: unknown) =>
      fetch(`/api/2fa${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());
    const enrollment = await post('/enrollments', {});
    return { id: enrollment.id as string, secret: enrollment.secret as string };
  });
  const result = await page.evaluate(
    async ({ id, code }) =>
      (await fetch(`/api/2fa/enrollments/${id}/confirm`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) })).status,
    { id: secret.id, code: appCode(secret.secret) },
  );
  expect(result).toBe(200);
  return secret.secret;
}

async function signInWithPassword(email: string): Promise<void> {
  await page.goto(`${demo.url}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/sign-in\/two-factor$/);
}

describe('the demo pages in Chromium', () => {
  it('pass axe-core and run without CSP violations or console errors', async () => {
    await page.goto(`${demo.url}/sign-in`);
    expect(await axeViolations()).toEqual([]);
    await page.goto(`${demo.url}/sign-up`);
    expect(await axeViolations()).toEqual([]);
    const email = await signUp();
    expect(await axeViolations()).toEqual([]);
    await page.goto(`${demo.url}/settings?tab=two-factor`);
    await page.getByRole('button', { name: 'Set up Two-Factor Authentication' }).waitFor();
    expect(await axeViolations()).toEqual([]);
    await enableTwoFactor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInWithPassword(email);
    await page.getByRole('button', { name: 'Verify' }).waitFor();
    expect(await axeViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('switch settings tabs by mouse and by arrow key, keeping the URL in step', async () => {
    await signUp();
    const profile = page.getByRole('tabpanel', { name: 'Profile' });
    const twoFactor = page.getByRole('tabpanel', { name: 'Two-Factor Authentication' });
    await expect.poll(() => profile.isVisible()).toBe(true);
    expect(await twoFactor.isVisible()).toBe(false);
    await page.getByRole('tab', { name: 'Two-Factor Authentication' }).click();
    expect(await twoFactor.isVisible()).toBe(true);
    expect(await profile.isVisible()).toBe(false);
    expect(page.url()).toMatch(/\/settings\?tab=two-factor$/);
    await page.getByRole('tab', { name: 'Two-Factor Authentication' }).press('ArrowLeft');
    expect(await profile.isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Profile');
    expect(page.url()).toMatch(/\/settings\?tab=profile$/);
  });

  it('ask for the password on two-factor-reauth-required, then retry the widget request', async () => {
    await signUp();
    // Make the session's password check 11 minutes old (the demo signs its cookie with the site key).
    const keys = JSON.parse(readFileSync(join(dir, 'data', 'site-keys.json'), 'utf8'));
    // A new account, never signed out: its sessions are at version 0.
    const codec = createSessionCodec(Buffer.from(keys.sessionKey, 'base64'), () => 0);
    const [cookie] = (await context.cookies()).filter((c) => c.name === SESSION_COOKIE);
    const session = codec.read(`${SESSION_COOKIE}=${cookie!.value}`, Date.now())!;
    const stale = codec.start(session.userId, 'full', Date.now() - 11 * 60_000, false).split(';')[0]!.slice(SESSION_COOKIE.length + 1);
    await context.addCookies([{ ...cookie!, value: stale }]);

    await page.goto(`${demo.url}/settings?tab=two-factor`);
    await page.getByRole('button', { name: 'Set up Two-Factor Authentication' }).click();
    const prompt = page.getByRole('dialog', { name: 'Confirm your password' });
    await prompt.waitFor();
    expect(await axeViolations()).toEqual([]);
    await prompt.getByLabel('Password').fill('not my password');
    await prompt.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => prompt.getByRole('alert').textContent()).toContain('That password is not right');
    await prompt.getByLabel('Password').fill(PASSWORD);
    await prompt.getByRole('button', { name: 'Confirm' }).click();
    // The widget's retry() re-sends the enrolment request, which now succeeds.
    await page.getByRole('dialog', { name: 'Set up Two-Factor Authentication' }).waitFor();
    expect(await prompt.isVisible()).toBe(false);
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
  });

  it('without the widget bundle, the second step shows the plain form, which signs in', async () => {
    const email = await signUp();
    const secret = await enableTwoFactor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.route('**/two-factor.js', (route) => route.fulfill({ status: 404, body: 'not built' }));
    await signInWithPassword(email);
    const form = page.locator('two-factor-challenge form');
    await form.getByLabel('Authentication code').waitFor();
    expect(await form.getByLabel('Authentication code').getAttribute('autocomplete')).toBe('one-time-code');
    expect(await axeViolations()).toEqual([]);
    await form.getByLabel('Authentication code').fill(appCode(secret, 30));
    await form.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(/\/settings$/);
    expect(await page.getByRole('heading', { name: 'Personal Settings' }).isVisible()).toBe(true);
  });
});
