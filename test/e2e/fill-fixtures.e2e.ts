/**
 * Filling in real Chromium with the built extension, on fixture pages shaped like real
 * sites' second steps: every code filled is checked against oathtool, every look-alike stays
 * empty, and framework-controlled inputs end up with the code in their state, not just in the DOM.
 *
 * Each fixture is its own origin (github.fixtures.test, ...) with its own account, so every
 * page gets a fresh account's first code (no waiting for the next time step).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateSecret } from '../../shared/otp';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { IN_PAGE_SETTLE_MS } from './support/closed-shadow';
import { oathtoolCode } from './support/widget-pages';
import { HOST_RULES, serveFixtures, type FixtureServer } from './fixtures/fill/serve-fixtures';

let browser: ExtensionBrowser;
let server: FixtureServer;
const secrets = new Map<string, string>();

const origin = (name: string) => `http://${name}.fixtures.test:${server.port}`;

/** Adds an account for `name`'s origin, the way a scan there would bind it. */
async function accountFor(name: string): Promise<string> {
  const secret = generateSecret();
  secrets.set(name, secret);
  const uri = `otpauth://totp/${encodeURIComponent(name)}:alice?secret=${secret}&issuer=${encodeURIComponent(name)}`;
  await browser.worker.evaluate(([u, p]) => globalThis.authenticator!.add(u, p), [uri, `${origin(name)}/`] as const);
  return secret;
}

/** The steps a fill between t0 and t1 may have used: the current ones, or one ahead (under 3 s left). */
function expectCodeOf(secret: string, value: string, t0: number, t1: number): void {
  const candidates: string[] = [];
  for (let step = Math.floor(t0 / 30_000); step <= Math.floor(t1 / 30_000) + 1; step++) candidates.push(oathtoolCode(secret, step));
  expect(candidates, `filled "${value}"`).toContain(value);
}

async function open(name: string, page: Page, path = `${name}.html`): Promise<{ t0: number; secret: string }> {
  const secret = secrets.get(name) ?? (await accountFor(name));
  const t0 = Date.now();
  await page.goto(`${origin(name)}/${path}`);
  return { t0, secret };
}

const filledValue = (page: Page, selector: string) =>
  expect.poll(() => page.locator(selector).inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);

beforeAll(async () => {
  server = await serveFixtures();
  browser = await launchWithExtension({ args: [HOST_RULES] });
  await browser.worker.evaluate(() => globalThis.authenticator!.reset());
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('single code fields', () => {
  it.each([
    ['github', '#app_totp'],
    ['google', '#totpPin'],
    ['microsoft', '#idTxtBx_SAOTCC_OTC'],
    ['aws', '#mfacode'],
    ['type-number', '#pin'],
  ])('%s: fills %s with the right code, and nothing else', async (name, selector) => {
    const page = await browser.context.newPage();
    const { t0, secret } = await open(name, page);
    await filledValue(page, selector);
    expectCodeOf(secret, await page.locator(selector).inputValue(), t0, Date.now());
    // Every other text-like input of the page is still empty (GitHub's search box, say).
    const others = await page.$$eval(`input:not(${selector}):not([type=hidden]):not([type=checkbox]):not([type=submit])`, (inputs) =>
      inputs.map((i) => (i as HTMLInputElement).value),
    );
    expect(others.every((v) => v === '')).toBe(true);
    await page.close();
  });
});

describe('framework-controlled inputs', () => {
  it.each([
    ['react-controlled', '#code'],
    ['preact-controlled', '#code'],
  ])('%s: the app state holds the code', async (name, selector) => {
    const page = await browser.context.newPage();
    const { t0, secret } = await open(name, page);
    await expect.poll(() => page.locator('#state').textContent(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    const state = (await page.locator('#state').textContent())!;
    expectCodeOf(secret, state, t0, Date.now());
    expect(await page.locator(selector).inputValue()).toBe(state);
    await page.close();
  });
});

describe('split boxes', () => {
  it.each(['split-paste', 'split-typing'])('%s: one digit per box, in the component state too', async (name) => {
    const page = await browser.context.newPage();
    const { t0, secret } = await open(name, page);
    await expect.poll(() => page.locator('#state').textContent(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    const boxes = await page.$$eval('input', (inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(boxes.every((d) => /^\d$/.test(d))).toBe(true);
    expect(boxes.join('')).toBe(await page.locator('#state').textContent());
    expectCodeOf(secret, boxes.join(''), t0, Date.now());
    await page.close();
  });
});

describe('fields that are hard to reach', () => {
  it('a field rendered later inside a web component', async () => {
    const page = await browser.context.newPage();
    const { t0, secret } = await open('delayed', page);
    const field = page.locator('otp-step').locator('#c');
    await expect.poll(() => field.inputValue().catch(() => ''), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    expectCodeOf(secret, await field.inputValue(), t0, Date.now());
    await page.close();
  });

  it('a field in a closed shadow root (Japanese label)', async () => {
    const page = await browser.context.newPage();
    const { t0, secret } = await open('closed-shadow', page);
    await expect.poll(() => page.evaluate(() => (window as unknown as { readClosedField(): string }).readClosedField()), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    const value = await page.evaluate(() => (window as unknown as { readClosedField(): string }).readClosedField());
    expectCodeOf(secret, value, t0, Date.now());
    await page.close();
  });

  it('a same-origin frame is filled; a cross-origin frame on the same page is not', async () => {
    const page = await browser.context.newPage();
    const secret = await accountFor('frames');
    // The cross-origin frame is another site that also has an account: still nothing, it is framed.
    await accountFor('framed-elsewhere');
    const t0 = Date.now();
    await page.goto(`${origin('frames')}/frames.html?cross=${encodeURIComponent(origin('framed-elsewhere'))}`);
    const same = page.frameLocator('#same').locator('#c');
    await expect.poll(() => same.inputValue().catch(() => ''), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    expectCodeOf(secret, await same.inputValue(), t0, Date.now());
    await page.waitForTimeout(1000);
    expect(await page.frameLocator('#cross').locator('#c').inputValue()).toBe('');
    await page.close();
  });
});

describe('fields that must stay empty', () => {
  it('search, coupon, promo, phone, postal, card, CVC, recovery code, hidden and off-page fields', async () => {
    const page = await browser.context.newPage();
    const { t0, secret } = await open('lookalikes', page);
    // The real field arrives last; once it is filled, everything above has been looked at.
    await filledValue(page, '#real');
    expectCodeOf(secret, await page.locator('#real').inputValue(), t0, Date.now());
    for (const id of ['search', 'coupon', 'promo', 'phone', 'zip', 'cc', 'cvc', 'recovery-code', 'hidden-otp', 'honeypot-otp']) {
      expect(await page.locator(`#${id}`).inputValue(), id).toBe('');
    }
    await page.close();
  });

  it('a field that already holds something keeps it', async () => {
    const page = await browser.context.newPage();
    await open('user-typed', page);
    // Give the content script every chance, then check it kept its hands off.
    await page.waitForTimeout(1500);
    expect(await page.locator('#c').inputValue()).toBe('12');
    await page.close();
  });
});

/**
 * The chooser lives in a closed shadow root, out of reach of page scripts and of Playwright's
 * locators; the DevTools protocol still sees it, so the test finds each entry there and clicks
 * it with the real mouse, as a person would.
 */
async function inPageEntries(page: Page): Promise<Array<{ text: string; click(): Promise<void> }>> {
  // The controls ignore clicks in their first moments on screen (and after they move): let them settle.
  await page.waitForTimeout(IN_PAGE_SETTLE_MS);
  const cdp = await page.context().newCDPSession(page);
  try {
    type Node = { nodeId: number; localName?: string; children?: Node[]; shadowRoots?: Node[] };
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: Node };
    const find = (node: Node): Node | null => {
      if (node.localName === 'pfa-in-page') return node;
      for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) {
        const found = find(child);
        if (found) return found;
      }
      return null;
    };
    const shadow = find(root)?.shadowRoots?.[0];
    if (!shadow) return [];
    const { nodeIds } = (await cdp.send('DOM.querySelectorAll', { nodeId: shadow.nodeId, selector: 'button' })) as { nodeIds: number[] };
    const entries = [];
    for (const nodeId of nodeIds) {
      const { object } = (await cdp.send('DOM.resolveNode', { nodeId })) as { object: { objectId: string } };
      const { result } = (await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: 'function () { const r = this.getBoundingClientRect(); return JSON.stringify({ text: this.getAttribute("aria-label") || this.textContent, x: r.x + r.width / 2, y: r.y + r.height / 2, shown: r.width > 0 }); }',
        returnByValue: true,
      })) as { result: { value: string } };
      const { text, x, y, shown } = JSON.parse(result.value) as { text: string; x: number; y: number; shown: boolean };
      if (shown) entries.push({ text, click: () => page.mouse.click(x, y) });
    }
    return entries;
  } finally {
    await cdp.detach();
  }
}

describe('the chooser', () => {
  it('newest token first, the previous token one click further, and the one chosen is filled', async () => {
    // A site of its own: the other fixtures' accounts are all of fixtures.test, which would be offered too.
    const site = `http://accounts.chooser.test:${server.port}`;
    const host = `${site}/`;
    const add = (account: string, secret: string) =>
      browser.worker.evaluate(([uri, page]) => globalThis.authenticator!.add(uri, page), [`otpauth://totp/Acme:${account}?secret=${secret}&issuer=Acme`, host] as const);
    const old = generateSecret();
    await add('alice', old);
    await add('alice', generateSecret()); // Reset Token: the old one becomes the previous token
    await add('bob', generateSecret());
    const page = await browser.context.newPage();
    await page.goto(`${site}/github.html`);
    await expect.poll(() => page.locator('pfa-in-page').count(), { timeout: 10_000 }).toBe(1);
    // Two current tokens for this origin: it asks instead of guessing.
    await page.waitForTimeout(500);
    expect(await page.locator('#app_totp').inputValue()).toBe('');

    const [key] = await inPageEntries(page);
    expect(key!.text).toBe('Choose an account to fill the code');
    await key!.click();
    const menu = await inPageEntries(page);
    expect(menu.map((e) => e.text)).toEqual(['Choose an account to fill the code', 'Acme (bob)', 'Acme (alice)', 'Previous tokens (1)']);
    await menu[3]!.click();
    const withPrevious = await inPageEntries(page);
    expect(withPrevious.map((e) => e.text)).toEqual(['Choose an account to fill the code', 'Acme (bob)', 'Acme (alice)', 'Acme (alice), previous token']);
    const t0 = Date.now();
    await withPrevious[3]!.click();
    await filledValue(page, '#app_totp');
    expectCodeOf(old, await page.locator('#app_totp').inputValue(), t0, Date.now());
    await page.close();
  });
});
