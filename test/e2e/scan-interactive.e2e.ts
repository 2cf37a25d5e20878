/**
 * The scan's conversations with the user, in real Chromium: the chooser surviving a stopped
 * service worker, the issuer warning (also inside a page's modal dialog), the drag-to-select
 * last resort and Esc, a tab that navigates away mid-scan, the confirmation code filled after
 * a scan, image files and pasted images in the popup. (Google Authenticator exports over
 * several codes and the import's confirmation are backup-scan.e2e.ts's.)
 */
import { describe, expect, it } from 'vitest';
import { generate } from 'lean-qr';
import { toPngBuffer } from 'lean-qr/extras/node_export';
import type { Page } from 'playwright-core';
import { centreOf, clickAx, IN_PAGE_SETTLE_MS, waitForAx, waitForAxText } from './support/closed-shadow';
import { CODES } from './fixtures/scan/scan-fixtures';
import { liveWorker, stopServiceWorkers } from './support/extension-worker';
import { accounts, codesVersusOathtool, dragAround, openFixture, scanWithAutomation, useScanSuite } from './fixtures/scan/scan-helpers';

const suite = useScanSuite();

async function openPopup(tabId: number): Promise<Page> {
  const popup = await suite.browser.context.newPage();
  await popup.goto(`chrome-extension://${suite.browser.extensionId}/popup.html?tab=${tabId}`);
  await popup.getByRole('button', { name: 'Scan QR code on this page' }).waitFor();
  return popup;
}

/** What the popup says next: its toast, or its error. */
async function popupSays(popup: Page): Promise<string> {
  const said = popup.locator('.toast span, .popup-status .error').first();
  await said.waitFor({ timeout: 30_000 });
  return (await said.textContent()) ?? '';
}

describe('triggers', () => {
  // Headless Chromium fires no keyboard commands and automation cannot open context menus:
  // what can be checked is that the command is declared with its shortcut.
  it('declares the keyboard command Alt+Shift+Q', async () => {
    const commands = await suite.browser.worker.evaluate(() => chrome.commands.getAll());
    expect(commands.find((c) => c.name === 'scan-qr-code')).toMatchObject({ shortcut: 'Alt+Shift+Q', description: 'Scan the QR code on this page' });
  });
});

describe('several codes on a page', () => {
  it('the chooser survives a stopped service worker: the choice wakes a new one, which saves', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'two-codes.html');
    // Not awaited: the worker running this call is about to be stopped.
    void suite.browser.worker.evaluate((id) => void globalThis.authenticator!.scan(id).catch(() => undefined), tabId).catch(() => undefined);
    await waitForAx(page, 'alertdialog', 'Which code do you want to add?');
    await stopServiceWorkers(suite.browser.context, page, suite.browser.extensionId);

    // The click's message wakes a new worker, which finds the flow in storage.session and saves.
    const waking = liveWorker(suite.browser.context, suite.browser.extensionId, () => clickAx(page, 'button', `Twin Corp (${CODES.twoA.account!.account})`));
    await waitForAxText(page, 'status', /^Added Twin Corp \(mallory@twin\.example\) for 127\.0\.0\.1/);
    const worker = await waking;
    const saved = await accounts(worker);
    expect(saved.map((a) => a.account)).toEqual(['mallory@twin.example']);
    const { ours, oathtool } = await codesVersusOathtool(worker, saved[0]!.id, CODES.twoA.account!);
    expect(ours).toEqual(oathtool);
    suite.browser.worker = worker;
    await page.close();
  });

  it('leaving the page while the chooser waits ends the scan with [tab_changed] and saves nothing', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'two-codes.html');
    const pending = scanWithAutomation(suite.browser.worker, tabId);
    await waitForAx(page, 'alertdialog', 'Which code do you want to add?');
    await page.goto(suite.server.url('/no-qr.html'));
    expect((await pending).error).toMatch(/^\[tab_changed\] /);
    expect(await accounts(suite.browser.worker)).toEqual([]);
    await page.close();
  });
});

describe('the issuer warning', () => {
  it('a QR code saying GitHub on another site is saved only after "save anyway"; Cancel saves nothing', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'security-settings.html?code=github');
    let pending = scanWithAutomation(suite.browser.worker, tabId);
    await waitForAx(page, 'alertdialog', 'Is this really GitHub?');
    await clickAx(page, 'button', 'Cancel');
    expect((await pending).error).toMatch(/^\[cancelled\] /);
    expect(await accounts(suite.browser.worker)).toEqual([]);

    pending = scanWithAutomation(suite.browser.worker, tabId);
    const text = await waitForAxText(page, 'alertdialog', /GitHub/);
    expect(text).toContain('this page is on 127.0.0.1, which is not a GitHub site (github.com)');
    await clickAx(page, 'button', 'Save for 127.0.0.1 anyway');
    const { result } = await pending;
    expect(result?.added.map((a) => [a.issuer, a.site])).toEqual([['GitHub', '127.0.0.1']]);
    await page.close();
  });

  /**
   * Clickjacking the warning: the user's cursor rests on the page, aimed at something of the
   * page's own, and the page moves our "Save anyway" button under it just before the click.
   * The click saves nothing; the question stays, and once it has stood still a moment a
   * click on it saves (the legitimate twin).
   */
  it.each([
    ['rewriting our host element\'s style (translate)', 'host'],
    ['moving its own layout (a transform on the body, which holds our host)', 'layout'],
  ] as const)('the page moves the "Save anyway" button under the cursor by %s: that click saves nothing', async (_how, how) => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'security-settings.html?code=github');
    const pending = scanWithAutomation(suite.browser.worker, tabId);
    const save = await waitForAx(page, 'button', 'Save for 127.0.0.1 anyway');
    await page.waitForTimeout(IN_PAGE_SETTLE_MS);
    const bait = { x: 200, y: 400 };
    await page.mouse.move(bait.x, bait.y);
    const button = await centreOf(page, save);
    const move = (dx: number, dy: number) =>
      page.evaluate(
        ([how, dx, dy]) => {
          if (how === 'host') (document.querySelector('pfa-in-page') as HTMLElement).style.setProperty('translate', `${dx}px ${dy}px`, 'important');
          else document.body.style.transform = `translate(${dx}px, ${dy}px)`;
        },
        [how, dx, dy] as const,
      );
    // A translate makes its element the box our fixed layer is laid out in, which moves the
    // button by itself: the page aims from where a zero translate puts it.
    await move(0, 0);
    const from = await centreOf(page, await waitForAx(page, 'button', 'Save for 127.0.0.1 anyway'));
    await move(bait.x - from.x, bait.y - from.y);
    // A change to our host is answered at once, whenever the click comes (the review saw one
    // saved a second after the move); a move of the page's layout is caught by the click itself.
    if (how === 'host') await page.waitForTimeout(1000);
    await page.mouse.down();
    await page.mouse.up();
    await page.waitForTimeout(1000);
    expect(await accounts(suite.browser.worker)).toEqual([]);
    const now = await centreOf(page, await waitForAx(page, 'button', 'Save for 127.0.0.1 anyway'));
    // Our host touched: the question was re-created where we put it. The page's own layout
    // moved: the button was (and is) under the cursor; the guard saw it move.
    if (how === 'host') expect(Math.hypot(now.x - button.x, now.y - button.y)).toBeLessThan(2);
    else expect(Math.hypot(now.x - bait.x, now.y - bait.y)).toBeLessThan(3);

    // The question is still there; where it stays put a moment, a click saves.
    await clickAx(page, 'button', 'Save for 127.0.0.1 anyway');
    expect((await pending).result?.added.map((a) => [a.issuer, a.site])).toEqual([['GitHub', '127.0.0.1']]);
    await page.close();
  });

  it('works inside a page\'s open modal dialog (everything outside it is inert), by keyboard', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'modal-dialog.html?code=github');
    const pending = scanWithAutomation(suite.browser.worker, tabId);
    await waitForAx(page, 'alertdialog', 'Is this really GitHub?');
    // Focus starts on the first action; Enter takes it (once the question has been on screen a moment).
    await page.waitForTimeout(IN_PAGE_SETTLE_MS);
    await page.keyboard.press('Enter');
    expect((await pending).result?.added.map((a) => a.issuer)).toEqual(['GitHub']);
    await page.close();
  });
});

describe('nothing found', () => {
  it('automation fails at once with [no_qr_found]; from the popup the user drags a rectangle around the late code', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'late-qr.html');
    expect((await scanWithAutomation(suite.browser.worker, tabId)).error).toMatch(/^\[no_qr_found\] /);

    const popup = await openPopup(tabId);
    await popup.getByRole('button', { name: 'Scan QR code on this page' }).click();
    await waitForAxText(page, 'dialog', /Drag a rectangle around the QR code/);
    await page.evaluate(() => (window as unknown as { showCode(): void }).showCode());
    await dragAround(page, page.locator('table.qr'), 10);
    expect(await popupSays(popup)).toMatch(/^Added Slow Net \(wendy@slow\.example\) for 127\.0\.0\.1/);
    const saved = await accounts(suite.browser.worker);
    const { ours, oathtool } = await codesVersusOathtool(suite.browser.worker, saved[0]!.id, CODES.late.account!);
    expect(ours).toEqual(oathtool);
    await popup.close();
    await page.close();
  });

  it('Esc cancels the rectangle: [cancelled], nothing saved', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'no-qr.html');
    const popup = await openPopup(tabId);
    await popup.getByRole('button', { name: 'Scan QR code on this page' }).click();
    await waitForAxText(page, 'dialog', /Drag a rectangle/);
    await page.keyboard.press('Escape');
    expect(await popupSays(popup)).toBe('The scan was cancelled; nothing was saved.');
    expect(await accounts(suite.browser.worker)).toEqual([]);
    await popup.close();
    await page.close();
  });
});

describe('after the scan', () => {
  it('the enrolment\'s confirmation code is filled into the modal\'s code field, and it is oathtool\'s', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'modal-dialog.html');
    const { result } = await scanWithAutomation(suite.browser.worker, tabId);
    expect(result?.filled).toBe(true);
    const value = await page.evaluate(() => document.querySelector('tfa-settings')!.shadowRoot!.querySelector('input')!.value);
    const { oathtool } = await codesVersusOathtool(suite.browser.worker, result!.added[0]!.id, CODES.encoded.account!);
    // Filled now, or the next step's code when the current one had under 3 s left (README, "Filling codes").
    const next = await suite.browser.worker.evaluate(async (id) => (await globalThis.authenticator!.code(id, Date.now() + 30_000)).code, result!.added[0]!.id);
    expect([oathtool[2], next]).toContain(value);
    await page.close();
  });
});

describe('image files and pasted images in the popup', () => {
  const png = (text: string) => Buffer.from(toPngBuffer(generate(text), { scale: 6 }));

  it('"Scan from an image file" saves the code, bound to the page the popup acts on', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'no-qr.html', 'acme.test');
    const popup = await openPopup(tabId);
    await popup.locator('input[type=file]').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: png(CODES.acme.text) });
    expect(await popupSays(popup)).toBe('Added Acme Demo (alice@example.com) for acme.test.');
    const saved = await accounts(suite.browser.worker);
    expect(saved.map((a) => [a.issuer, a.site, a.origin])).toEqual([['Acme Demo', 'acme.test', `http://acme.test:${suite.server.port}`]]);
    await popup.close();
    await page.close();
  });

  it('a pasted image works the same; a known issuer on another site needs "Save anyway"', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'no-qr.html');
    const popup = await openPopup(tabId);
    const paste = (bytes: number[]) =>
      popup.evaluate((data) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([new Uint8Array(data)], 'pasted.png', { type: 'image/png' }));
        document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
      }, bytes);
    await paste([...png(CODES.github.text)]);
    expect(await popupSays(popup)).toMatch(/^This QR code says it is for GitHub, but this page is on 127\.0\.0\.1/);
    expect(await accounts(suite.browser.worker)).toEqual([]);
    await popup.getByRole('button', { name: 'Save anyway' }).click();
    await expect.poll(async () => (await accounts(suite.browser.worker)).map((a) => a.issuer)).toEqual(['GitHub']);

    await paste([...png('https://acme.example/help')]);
    await popup.locator('.popup-status .error', { hasText: /^This QR code holds a web address/ }).waitFor();
    expect(await accounts(suite.browser.worker)).toHaveLength(1);
    await popup.close();
    await page.close();
  });
});
