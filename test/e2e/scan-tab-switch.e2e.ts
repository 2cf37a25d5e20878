/**
 * A scan right after a tab switch, the way a test engineer writes it: `bringToFront()` then
 * `authenticator.scan(tabId)` at once, or `scan(tabId)` of a tab in the background (the
 * extension brings it forward itself). Two tabs show two different codes, so a capture of a
 * stale frame (the other tab's picture, or a page not yet painted) shows up as the wrong
 * account or "no QR code". Fifty scans in a row, alternating tabs and ways, and none may miss.
 */
import { describe, expect, it } from 'vitest';
import { CODES } from './fixtures/scan/scan-fixtures';
import { openFixture, scanWithAutomation, useScanSuite } from './fixtures/scan/scan-helpers';

const suite = useScanSuite();
const ROUNDS = 50;

describe('a scan right after a tab switch', () => {
  it(`reads the tab brought forward, ${ROUNDS} times in a row`, { timeout: 180_000 }, async () => {
    const tabs = [
      { ...(await openFixture(suite.browser, suite.server, 'img-png.html', 'acme.test')), wanted: CODES.acme.account! },
      { ...(await openFixture(suite.browser, suite.server, 'inline-svg.html')), wanted: CODES.svg.account! },
    ];
    // Capture only: filling the confirmation code again within one time step waits for the next step.
    await suite.browser.worker.evaluate(() => globalThis.authenticator!.settings({ fillConfirmationAfterScan: false }));
    const misses: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const tab = tabs[round % 2]!;
      // Even pairs: the test brings the tab forward; odd pairs: the scan does.
      const how = Math.floor(round / 2) % 2 === 0 ? 'bringToFront' : 'scan activates';
      if (how === 'bringToFront') await tab.page.bringToFront();
      const outcome = await scanWithAutomation(suite.browser.worker, tab.tabId);
      const got = outcome.result?.added.map((a) => `${a.issuer} (${a.account})`).join(', ') ?? outcome.error;
      const wanted = `${tab.wanted.issuer} (${tab.wanted.account})`;
      if (got !== wanted) misses.push(`round ${round + 1} (${how}): ${got}`);
    }
    expect(misses).toEqual([]);
    for (const tab of tabs) await tab.page.close();
  });
});
