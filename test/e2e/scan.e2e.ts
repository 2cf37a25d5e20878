/**
 * The fixture suite (test/e2e/fixtures/scan): every page modelled on a real site, scanned in
 * real Chromium with the built extension, once through `authenticator.scan(tabId)` and once
 * through the popup's "Scan QR code on this page" (popup.html opened as a page with ?tab=ID).
 * Every saved account's codes are checked against oathtool; every failure must save nothing.
 */
import { describe, expect, it } from 'vitest';
import { clickAx, waitForAxText } from './support/closed-shadow';
import { CODES, FIXTURES, type FixtureAccount, type ScanFixture } from './fixtures/scan/scan-fixtures';
import { accounts, codesVersusOathtool, dragAround, openFixture, scanWithAutomation, useScanSuite, type ScanOutcome } from './fixtures/scan/scan-helpers';
import type { Page } from 'playwright-core';

const suite = useScanSuite();

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Answers the chooser on the fixture page, as a person would, with the real mouse. */
async function chooseIfAsked(fixture: ScanFixture, page: Page): Promise<void> {
  if (!('adds' in fixture.expect) || !fixture.expect.choose) return;
  const wanted = CODES[fixture.expect.adds].account!;
  for (const key of fixture.expect.choose.among) {
    const offered = CODES[key].account!;
    await waitForAxText(page, 'button', new RegExp(`^${escape(`${offered.issuer} (${offered.account})`)}$`));
  }
  await clickAx(page, 'button', `${wanted.issuer} (${wanted.account})`);
}

async function expectSaved(fixture: ScanFixture, outcome: ScanOutcome, site: string): Promise<void> {
  const saved = await accounts(suite.browser.worker);
  if ('error' in fixture.expect) {
    expect(outcome.error).toMatch(new RegExp(`^\\[${fixture.expect.error}\\] `));
    expect(saved).toEqual([]);
    return;
  }
  expect(outcome.error).toBeUndefined();
  const expected: FixtureAccount[] = 'imports' in fixture.expect ? CODES[fixture.expect.imports].imports! : [CODES[fixture.expect.adds].account!];
  expect(saved).toHaveLength(expected.length);
  for (const account of expected) {
    const found = saved.find((a) => a.issuer === account.issuer && a.account === account.account);
    expect(found, `${account.issuer} (${account.account}) saved`).toBeDefined();
    // Scanned codes are bound to the page they were on; imported exports are not bound to any.
    expect(found!.site).toBe('imports' in fixture.expect ? null : site);
    const { ours, oathtool } = await codesVersusOathtool(suite.browser.worker, found!.id, account);
    expect(ours).toEqual(oathtool);
  }
  expect(outcome.result!.added.map((a) => a.id).sort()).toEqual(saved.map((a) => a.id).sort());
}

describe('scanning each fixture with authenticator.scan(tabId)', () => {
  for (const fixture of FIXTURES) {
    it(`${fixture.page}: ${fixture.about}`, async () => {
      const { page, tabId } = await openFixture(suite.browser, suite.server, fixture.page, fixture.host);
      try {
        const pending = scanWithAutomation(suite.browser.worker, tabId);
        await chooseIfAsked(fixture, page);
        const outcome = await pending;
        await expectSaved(fixture, outcome, fixture.host ?? '127.0.0.1');
        if ('adds' in fixture.expect) {
          const { issuer, account } = CODES[fixture.expect.adds].account!;
          // The page says it too, in the extension's own toast.
          await waitForAxText(page, 'status', new RegExp(`^Added ${escape(`${issuer} (${account}) for ${fixture.host ?? '127.0.0.1'}`)}`));
        }
      } finally {
        await page.close();
      }
    });
  }
});

describe('a QR code shown by a frame of another site', () => {
  it('is refused with the framed site named, and nothing is saved', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'iframe-cross-origin.html', 'acme.test');
    try {
      await page.frameLocator('#setup').locator('img').waitFor();
      const outcome = await scanWithAutomation(suite.browser.worker, tabId);
      expect(outcome.error).toBe(
        `[cross_origin_frame] This QR code is inside a frame from another site (127.0.0.1:${suite.server.port}); open that site directly to scan it. Nothing was saved.`,
      );
      expect(await accounts(suite.browser.worker)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describe('scanning each fixture from the popup (popup.html?tab=ID)', () => {
  for (const fixture of FIXTURES) {
    it(`${fixture.page}`, async () => {
      const { page, tabId } = await openFixture(suite.browser, suite.server, fixture.page, fixture.host);
      const popup = await suite.browser.context.newPage();
      try {
        await popup.goto(`chrome-extension://${suite.browser.extensionId}/popup.html?tab=${tabId}`);
        await popup.getByRole('button', { name: 'Scan QR code on this page' }).click();
        await chooseIfAsked(fixture, page);
        if ('error' in fixture.expect && fixture.expect.error === 'no_qr_found') {
          // From the popup a miss offers the last resort: drag a rectangle. Around nothing, it finds nothing.
          await waitForAxText(page, 'dialog', /Drag a rectangle around the QR code/);
          await dragAround(page, page.locator('img').first());
        }
        const said = popup.locator('.toast span, .popup-status .error').first();
        await said.waitFor({ timeout: 30_000 });
        const text = (await said.textContent()) ?? '';
        const outcome: ScanOutcome =
          (await said.evaluate((e) => e.classList.contains('error'))) ? { error: `[${'error' in fixture.expect ? fixture.expect.error : '?'}] ${text}` } : { result: { added: await accounts(suite.browser.worker), filled: false } };
        await expectSaved(fixture, outcome, fixture.host ?? '127.0.0.1');
        if ('adds' in fixture.expect) {
          const { issuer, account } = CODES[fixture.expect.adds].account!;
          // Pages with a code field also get the confirmation code filled (extension/fill).
          expect(text).toMatch(new RegExp(`^Added ${escape(`${issuer} (${account}) for ${fixture.host ?? '127.0.0.1'}`)}(\\.|, and filled the code\\.)$`));
        } else if ('imports' in fixture.expect) {
          expect(text).toBe('Imported 2 accounts from the Google Authenticator export.');
        } else {
          expect(text).toMatch(fixture.expect.error === 'no_qr_found' ? /^No QR code/ : /^This QR code /);
        }
      } finally {
        await popup.close();
        await page.close();
      }
    });
  }
});
