/**
 * Clickjacking by moving our in-page controls: the user aims at the page's own "Continue"
 * button and the page moves the extension's fill button under the cursor just before the
 * click, by rewriting our host element's inline style or by moving what holds it (a popover
 * with the field and our host). Neither click may fill. (The style rewrite filled a code
 * before the host was watched; the popover move is the box comparison's case, also covered
 * by test/extension/in-page/activation-guard.test.ts.) The twin: a fill button that then
 * stays where it is for a moment fills on a normal click. The account is scanned on
 * acme.test; the page is login.acme.test (same site): the button, no automatic fill.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generateSecret } from '../../shared/otp';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { IN_PAGE_SETTLE_MS } from './support/closed-shadow';
import { HOST_RULES, serveFixtures, type FixtureServer } from './fixtures/fill/serve-fixtures';

let browser: ExtensionBrowser;
let server: FixtureServer;

beforeAll(async () => {
  server = await serveFixtures();
  browser = await launchWithExtension({ args: [HOST_RULES] });
  await browser.worker.evaluate(async (page) => {
    await globalThis.authenticator!.reset();
    await globalThis.authenticator!.add(`otpauth://totp/Acme:alice?secret=${page.secret}&issuer=Acme`, page.url);
  }, { secret: generateSecret(), url: `http://acme.test:${server.port}/settings` });
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens the page and waits until our fill button has been on screen long enough to take a click. */
async function openWithSettledButton(query = ''): Promise<{ page: Page; bait: { x: number; y: number } }> {
  const page = await browser.context.newPage();
  await page.goto(`http://login.acme.test:${server.port}/moving-controls.html${query}`);
  await expect.poll(() => page.locator('pfa-in-page').count(), { timeout: 10_000 }).toBe(1);
  await page.waitForTimeout(IN_PAGE_SETTLE_MS);
  const box = (await page.locator('#bait').boundingBox())!;
  const bait = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(bait.x, bait.y); // the user's cursor rests on the page's button
  return { page, bait };
}

/** Where our key button is now (the host's (0,0) is the key's top left; the key is 22 px). */
async function keyCentre(page: Page): Promise<{ x: number; y: number }> {
  const box = (await page.locator('pfa-in-page').boundingBox())!;
  return { x: box.x + 11, y: box.y + 11 };
}

describe('the page moves our fill button under the cursor just before the click', () => {
  it('by rewriting our host element\'s style: the click fills nothing', async () => {
    const { page, bait } = await openWithSettledButton();
    await page.evaluate(({ x, y }) => {
      const host = document.querySelector('pfa-in-page') as HTMLElement;
      host.style.setProperty('left', `${x - 11}px`, 'important');
      host.style.setProperty('top', `${y - 11}px`, 'important');
    }, bait);
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForTimeout(1000);
    expect(await page.locator('#code').inputValue()).toBe('');
    // Our host was put back (re-created), not left where the page moved it.
    const key = await keyCentre(page);
    expect(Math.hypot(key.x - bait.x, key.y - bait.y)).toBeGreaterThan(30);
    await page.close();
  });

  it('by moving the popover that holds the field and our host: the click fills nothing; once it stays put, a click fills', async () => {
    const { page, bait } = await openWithSettledButton('?popover');
    const key = await keyCentre(page);
    // Everything in the popover moves so that our key lands right under the cursor.
    await page.evaluate(({ dx, dy }) => {
      (document.getElementById('box') as HTMLElement).style.translate = `${dx}px ${dy}px`;
    }, { dx: bait.x - key.x, dy: bait.y - key.y });
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForTimeout(1000);
    expect(await page.locator('#code').inputValue()).toBe('');

    // The twin: the button has now been where it is for a while; the user clicks it.
    const moved = await keyCentre(page);
    expect(Math.hypot(moved.x - bait.x, moved.y - bait.y)).toBeLessThan(3);
    await page.mouse.move(moved.x, moved.y);
    await page.waitForTimeout(IN_PAGE_SETTLE_MS);
    await page.mouse.click(moved.x, moved.y);
    await expect.poll(() => page.locator('#code').inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    await page.close();
  });
});
