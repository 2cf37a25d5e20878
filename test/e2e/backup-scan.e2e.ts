/**
 * Scanning Google Authenticator export QR codes shown on a page, in real Chromium with the
 * built extension: the QR images come from qrencode (an independent encoder), the scan goes
 * through `authenticator.scan`, and the accounts land in the vault unbound. An export over
 * three codes reports "N of 3 scanned" until the last; with confirmImports on, the scan
 * waits until the user accepts the import in the popup.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { encodeMigrationUris } from '../../shared/migration';
import type { AccountSummary, ScanResult } from '../../shared/protocol/automation';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { axeViolations } from './support/extension-pages';
import { startFixtureServer, type FixtureServer } from './support/fixture-server';
import { KNOWN_ACCOUNTS } from '../extension/backup/support/known-accounts';
import { oathtoolCode, oathtoolMissing } from '../support/oathtool';

/** The widely published example export: one TOTP account, Example (alice@google.com). */
const PUBLISHED = 'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC';
const BATCH = encodeMigrationUris(KNOWN_ACCOUNTS, { batchId: 4242, maxUriChars: 300 }).uris;

const qrencodeMissing = spawnSync('qrencode', ['--version']).error !== undefined;

function qrSvg(text: string): string {
  return execFileSync('qrencode', ['-t', 'SVG', '-m', '4', '-s', '6', '-o', '-', text], { encoding: 'utf8' }).replace(/<\?xml[^>]*>/, '');
}

function exportPage(uri: string, part: number, total: number): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Transfer accounts</title></head>
<body style="margin:40px;font-family:sans-serif"><h1>Export accounts</h1><div id="qr" style="width:420px">${qrSvg(uri)}</div>
<p>QR code ${part} of ${total}</p></body></html>`;
}

describe.skipIf(qrencodeMissing)('scanning a Google Authenticator export shown on a page', () => {
  let browser: ExtensionBrowser;
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer({
      root: import.meta.dirname,
      routes: (url) => {
        if (url.pathname === '/published') return { type: 'text/html; charset=utf-8', body: exportPage(PUBLISHED, 1, 1) };
        const part = /^\/batch\/(\d+)$/.exec(url.pathname);
        const uri = part ? BATCH[Number(part[1]) - 1] : undefined;
        return uri ? { type: 'text/html; charset=utf-8', body: exportPage(uri, Number(part![1]), BATCH.length) } : null;
      },
    });
    browser = await launchWithExtension();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  beforeEach(async () => {
    await browser.worker.evaluate(() => globalThis.authenticator!.reset());
  });

  const accounts = () => browser.worker.evaluate(() => globalThis.authenticator!.accounts()) as Promise<AccountSummary[]>;

  async function openTab(path: string): Promise<{ page: Page; tabId: number }> {
    const page = await browser.context.newPage();
    const url = server.url(path);
    await page.goto(url);
    await page.locator('#qr svg').waitFor();
    const tabId = await browser.worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? -1, url);
    expect(tabId).toBeGreaterThan(0);
    return { page, tabId };
  }

  const scan = (tabId: number) => browser.worker.evaluate((id) => globalThis.authenticator!.scan(id), tabId) as Promise<ScanResult>;

  it('imports the published example at once when confirmImports is off, unbound, with the right code', async () => {
    await browser.worker.evaluate(() => globalThis.authenticator!.settings({ confirmImports: false }));
    const { page, tabId } = await openTab('/published');
    const result = await scan(tabId);
    expect(result.added.map((a) => [a.issuer, a.account, a.site, a.origin])).toEqual([['Example', 'alice@google.com', null, null]]);
    expect((await accounts()).length).toBe(1);
    if (!oathtoolMissing) {
      const at = Date.UTC(2026, 5, 1, 9, 0, 0);
      const { code } = await browser.worker.evaluate(([id, t]) => globalThis.authenticator!.code(id, t), [result.added[0]!.id, at] as const);
      expect(code).toBe(oathtoolCode({ type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, counter: 0, issuer: 'Example', account: 'alice@google.com' }, at));
    }
    await page.close();
  });

  it(`collects an export over ${BATCH.length} codes, then adds every account`, async () => {
    await browser.worker.evaluate(() => globalThis.authenticator!.settings({ confirmImports: false }));
    expect(BATCH.length).toBeGreaterThanOrEqual(3);
    let last: ScanResult | null = null;
    for (let part = 1; part <= BATCH.length; part++) {
      const { page, tabId } = await openTab(`/batch/${part}`);
      last = await scan(tabId);
      if (part < BATCH.length) {
        expect(last.added).toEqual([]);
        expect(await accounts()).toEqual([]);
      }
      await page.close();
    }
    expect(last!.added.map((a) => [a.issuer, a.account, a.site])).toEqual(KNOWN_ACCOUNTS.map((p) => [p.issuer, p.account, null]));
  });

  it('with confirmImports on, resolves once the import is accepted in the popup', async () => {
    await browser.worker.evaluate(() => globalThis.authenticator!.settings({ confirmImports: true }));
    // The popup (opened as a page) waits in a background tab: the scan captures the export's tab.
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    const { page, tabId } = await openTab('/published');
    let settled = false;
    const scanning = scan(tabId).then((r) => {
      settled = true;
      return r;
    });
    const card = popup.getByTestId('pending-import');
    await card.waitFor({ timeout: 20_000 });
    expect(settled).toBe(false);
    expect(await accounts()).toEqual([]);
    expect(await card.textContent()).toContain('Example (alice@google.com)');
    expect(await axeViolations(popup)).toEqual([]);
    await card.getByRole('button', { name: 'Import' }).click();
    const result = await scanning;
    expect(result.added.map((a) => a.issuer)).toEqual(['Example']);
    expect((await accounts()).map((a) => a.account)).toEqual(['alice@google.com']);
    await popup.close();
    await page.close();
  });
});
