/**
 * The fixture suite on a 2x display: Chromium started with --force-device-scale-factor=2
 * captures 2560x1440 for a 1280x720 viewport, so every crop must be mapped from
 * CSS pixels to twice as many capture pixels, in frames and shadow roots alike.
 */
import { describe, expect, it } from 'vitest';
import { clickAx } from './support/closed-shadow';
import { CODES, FIXTURES } from './fixtures/scan/scan-fixtures';
import { accounts, codesVersusOathtool, openFixture, presentedFrames, scanWithAutomation, useScanSuite, zoomTab } from './fixtures/scan/scan-helpers';

const suite = useScanSuite({ args: ['--force-device-scale-factor=2'] });

describe('on a 2x display', () => {
  it('the capture really is 2x', async () => {
    const { page } = await openFixture(suite.browser, suite.server, 'no-qr.html');
    const size = await suite.browser.worker.evaluate(async () => {
      const image = await createImageBitmap(await (await fetch(await chrome.tabs.captureVisibleTab({ format: 'png' }))).blob());
      return [image.width, image.height];
    });
    expect(size).toEqual([2560, 1440]);
    await page.close();
  });

  it('at 125% page zoom too (2.5 capture pixels a CSS pixel), two codes are told apart and the chosen one saved', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'two-codes.html');
    await zoomTab(suite.browser.worker, tabId, 1.25);
    // The page now lays out 1024 CSS pixels across a 2560-pixel capture (its devicePixelRatio says
    // 1.25: Playwright's emulated scale factor; only the capture-to-viewport ratio is right).
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(1024);
    await presentedFrames(page);
    const pending = scanWithAutomation(suite.browser.worker, tabId);
    await clickAx(page, 'button', 'Twin Corp (oscar@twin.example)');
    expect((await pending).result?.added.map((a) => a.account)).toEqual(['oscar@twin.example']);
    await page.close();
  });

  it('at 150% page zoom (3 capture pixels a CSS pixel, modules blurred by upscaling) the code wholly in view is read', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'two-codes.html');
    await zoomTab(suite.browser.worker, tabId, 1.5);
    await expect.poll(() => page.evaluate(() => window.innerWidth)).toBe(853);
    await presentedFrames(page);
    // oscar's code is cut off by the viewport's right edge and cannot be scrolled to; mallory's is whole.
    expect((await scanWithAutomation(suite.browser.worker, tabId)).result?.added.map((a) => a.account)).toEqual(['mallory@twin.example']);
    await page.close();
  });

  for (const fixture of FIXTURES.filter((f) => 'adds' in f.expect)) {
    it(`${fixture.page} is saved, with oathtool's codes`, async () => {
      if (!('adds' in fixture.expect)) return;
      const { page, tabId } = await openFixture(suite.browser, suite.server, fixture.page, fixture.host);
      const pending = scanWithAutomation(suite.browser.worker, tabId);
      const wanted = CODES[fixture.expect.adds].account!;
      if (fixture.expect.choose) await clickAx(page, 'button', `${wanted.issuer} (${wanted.account})`);
      const outcome = await pending;
      expect(outcome.error).toBeUndefined();
      const [saved] = await accounts(suite.browser.worker);
      expect([saved?.issuer, saved?.account]).toEqual([wanted.issuer, wanted.account]);
      const { ours, oathtool } = await codesVersusOathtool(suite.browser.worker, saved!.id, wanted);
      expect(ours).toEqual(oathtool);
      await page.close();
    });
  }
});
