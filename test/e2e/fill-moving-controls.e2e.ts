/**
 * Clickjacking by moving our in-page controls: the user aims at the page's own "Continue"
 * button and the page moves the extension's fill button under the cursor just before the
 * click, by rewriting our host element (its inline left/top, translate, transform or zoom, or
 * its place in the DOM) or by moving what holds it (a popover with the field and our host).
 * No such click may fill: a host the page touched is re-created where we put it, and a move of
 * the page's own layout restarts the click delay (the box comparison, also covered by
 * test/extension/in-page/activation-guard.test.ts). The twins: a re-created button, and one
 * that moved with its popover, fill on a normal click once they stood still a moment. Every
 * page first checks that the button sits on its field (it once stayed at the host's static
 * position: the chooser then opened off-screen). The account is scanned on acme.test; the
 * page is login.acme.test (same site): the button, no automatic fill.
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

/** The middle of the page's own button, where the user's cursor rests. */
async function centreOfBait(page: Page): Promise<{ x: number; y: number }> {
  const box = (await page.locator('#bait').boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Opens the page and waits until our fill button has been on screen long enough to take a click. */
async function openWithSettledButton(query = ''): Promise<{ page: Page; bait: { x: number; y: number } }> {
  const page = await browser.context.newPage();
  await page.goto(`http://login.acme.test:${server.port}/moving-controls.html${query}`);
  await expect.poll(() => page.locator('pfa-in-page').count(), { timeout: 10_000 }).toBe(1);
  await page.waitForTimeout(IN_PAGE_SETTLE_MS);
  await expectKeyOnField(page);
  const bait = await centreOfBait(page);
  await page.mouse.move(bait.x, bait.y); // the user's cursor rests on the page's button
  return { page, bait };
}

/** Where our key button is now (the host's (0,0) is the key's top left; the key is 22 px). */
async function keyCentre(page: Page): Promise<{ x: number; y: number }> {
  const box = (await page.locator('pfa-in-page').boundingBox())!;
  return { x: box.x + 11, y: box.y + 11 };
}

/** Our key sits at the right end of the field, vertically centred (fill-button.ts: 4 px in from the edge). */
async function expectKeyOnField(page: Page): Promise<void> {
  const field = (await page.locator('#code').boundingBox())!;
  const key = await keyCentre(page);
  expect(Math.abs(key.x - (field.x + field.width - 4 - 11)), `key at ${key.x},${key.y}; field ${JSON.stringify(field)}`).toBeLessThan(2);
  expect(Math.abs(key.y - (field.y + field.height / 2))).toBeLessThan(2);
}

type Tamper = {
  /** Where the page puts its own button first, when the move cannot aim (zoom: where the zoomed key will be). */
  bait?: (key: { x: number; y: number }) => { x: number; y: number };
  /** In the page: moves our host so that the key's centre, now at `key`, lands on `bait`. */
  move: (args: { key: { x: number; y: number }; bait: { x: number; y: number } }) => void;
};

const ZOOM = 2;
const TAMPERS: Array<[string, Tamper]> = [
  ['its inline left and top', { move: ({ bait }) => {
    const host = document.querySelector('pfa-in-page') as HTMLElement;
    host.style.setProperty('left', `${bait.x - 11}px`, 'important');
    host.style.setProperty('top', `${bait.y - 11}px`, 'important');
  } }],
  ['its translate', { move: ({ key, bait }) => {
    (document.querySelector('pfa-in-page') as HTMLElement).style.setProperty('translate', `${bait.x - key.x}px ${bait.y - key.y}px`, 'important');
  } }],
  ['its transform', { move: ({ key, bait }) => {
    (document.querySelector('pfa-in-page') as HTMLElement).style.setProperty('transform', `translate(${bait.x - key.x}px, ${bait.y - key.y}px)`, 'important');
  } }],
  ['its zoom', {
    // Zoom scales the host's left and top with it: the key's centre ends up at ZOOM times where it was.
    bait: (key) => ({ x: key.x * ZOOM, y: key.y * ZOOM }),
    move: () => (document.querySelector('pfa-in-page') as HTMLElement).style.setProperty('zoom', '2', 'important'),
  }],
  ['its place in the DOM (into a box of its own, translated)', { move: ({ key, bait }) => {
    const box = document.createElement('div');
    box.style.cssText = `position: fixed; left: 0; top: 0; translate: ${bait.x - key.x}px ${bait.y - key.y}px;`;
    document.body.append(box);
    box.append(document.querySelector('pfa-in-page')!);
  } }],
];

describe('the page moves our fill button under the cursor just before the click', () => {
  it.each(TAMPERS)('by rewriting our host element (%s): the click fills nothing, and the button is put back on its field', async (_how, tamper) => {
    const { page } = await openWithSettledButton();
    const key = await keyCentre(page);
    if (tamper.bait) {
      const at = tamper.bait(key);
      await page.evaluate(({ x, y }) => {
        const bait = document.getElementById('bait')!;
        bait.style.left = `${x - 80}px`;
        bait.style.top = `${y - 20}px`;
      }, at);
    }
    const bait = await centreOfBait(page);
    await page.mouse.move(bait.x, bait.y);
    await page.waitForTimeout(IN_PAGE_SETTLE_MS);
    await page.evaluate(tamper.move, { key, bait });
    // The click right after the move (a later one meets our own placement, which follows the field).
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForTimeout(1000);
    expect(await page.locator('#code').inputValue()).toBe('');
    // Our host was re-created where we put it, not left where the page moved it.
    await expect.poll(() => page.locator('pfa-in-page').count()).toBe(1);
    await expectKeyOnField(page);
    await page.close();
  });

  it('by rewriting our host element\'s style, then leaving it: the re-created button, once settled, fills on a normal click', async () => {
    const { page, bait } = await openWithSettledButton();
    await page.evaluate(TAMPERS[0]![1].move, { key: await keyCentre(page), bait });
    await page.waitForTimeout(100);
    await expectKeyOnField(page);
    const key = await keyCentre(page);
    await page.mouse.move(key.x, key.y);
    await page.waitForTimeout(IN_PAGE_SETTLE_MS);
    await page.mouse.click(key.x, key.y);
    await expect.poll(() => page.locator('#code').inputValue(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
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
