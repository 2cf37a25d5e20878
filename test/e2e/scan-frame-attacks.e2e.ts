/**
 * A QR code shown inside a frame of another origin belongs to that origin: a page that frames
 * a site must not get that site's secret saved for itself. The attacks of the security review,
 * in real Chromium with the built extension: decoy frames before the real one (a capped list
 * of frames missed it), and an <embed> whose own address is same-origin while its document has
 * navigated to another origin (the address was trusted), and more frames than the scan lists
 * (then only the page's own pictures count). Their twins: the page's own picture among as
 * many frames is saved; a same-origin <embed> is scanned like a same-origin iframe.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { MAX_FOREIGN_FRAMES } from '../../extension/scan/page/collect-candidates';
import { CODES } from './fixtures/scan/scan-fixtures';
import { accounts, openFixture, scanWithAutomation, useScanSuite } from './fixtures/scan/scan-helpers';

const suite = useScanSuite();

/** Waits until the QR image of a frame on 127.0.0.1 (the other origin) has loaded. */
async function otherOriginQrShown(page: Page): Promise<void> {
  await expect
    .poll(
      async () => {
        const frame = page.frames().find((f) => f.url().startsWith(`http://127.0.0.1:${suite.server.port}/iframe-inner.html`));
        return frame ? frame.evaluate(() => document.querySelector('img')?.complete === true && document.querySelector('img')!.naturalWidth > 0) : false;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
}

const refused = () =>
  `[cross_origin_frame] This QR code is inside a frame from another site (127.0.0.1:${suite.server.port}); open that site directly to scan it. Nothing was saved.`;

describe('a QR code inside a frame of another origin is never saved for the page around it', () => {
  it('40 small frames of another origin before the real one: still refused, nothing saved', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'iframe-decoys.html', 'acme.test');
    try {
      await otherOriginQrShown(page);
      expect(page.frames().length).toBeGreaterThanOrEqual(42);
      const outcome = await scanWithAutomation(suite.browser.worker, tabId);
      expect(outcome.error).toBe(refused());
      expect(await accounts(suite.browser.worker)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('an <embed> whose same-origin document navigated to another origin: refused, nothing saved', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'embed-hop.html', 'acme.test');
    try {
      await otherOriginQrShown(page);
      expect(await page.locator('#setup').getAttribute('src')).toBe('embed-hop-inner.html');
      const outcome = await scanWithAutomation(suite.browser.worker, tabId);
      expect(outcome.error).toBe(refused());
      expect(await accounts(suite.browser.worker)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('more frames of other origins than the scan lists, and the code in one of them: refused, nothing saved', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'many-frames.html?qr=frame', 'acme.test');
    try {
      await otherOriginQrShown(page);
      const outcome = await scanWithAutomation(suite.browser.worker, tabId);
      expect(outcome.error).toMatch(/^\[cross_origin_frame\] This QR code is inside a frame from another site/);
      expect(await accounts(suite.browser.worker)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the twin: as many frames, and the page\'s own QR code picture: saved for this site', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'many-frames.html?qr=page', 'acme.test');
    try {
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      expect(await page.locator('iframe').count()).toBeGreaterThan(MAX_FOREIGN_FRAMES);
      const outcome = await scanWithAutomation(suite.browser.worker, tabId);
      expect(outcome.error).toBeUndefined();
      expect(await accounts(suite.browser.worker)).toEqual([expect.objectContaining({ issuer: CODES.frame.account!.issuer, site: 'acme.test' })]);
    } finally {
      await page.close();
    }
  });

  it('the twin: a same-origin <embed> showing the setup step is scanned and saved for this site', async () => {
    const { page, tabId } = await openFixture(suite.browser, suite.server, 'embed.html', 'acme.test');
    try {
      await expect.poll(() => page.frames().some((f) => f.url().includes('/iframe-inner.html')), { timeout: 10_000 }).toBe(true);
      const outcome = await scanWithAutomation(suite.browser.worker, tabId);
      expect(outcome.error).toBeUndefined();
      const saved = await accounts(suite.browser.worker);
      expect(saved).toEqual([expect.objectContaining({ issuer: CODES.frame.account!.issuer, account: CODES.frame.account!.account, site: 'acme.test' })]);
    } finally {
      await page.close();
    }
  });
});
