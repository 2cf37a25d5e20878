/**
 * A whole scan, from the page's report to the saved account and the after-scan fill, parses
 * each QR text once: classifyQr and parseKeyUri run one time per code found, also through the
 * chooser and the issuer question, and the vault and the fill step take the typed values.
 *
 * Real here: the decoder (jsQR on QR codes drawn by lean-qr), classifyQr, the OTP core, the
 * vault (fake IndexedDB), the scan flow store and the fill service. Stood in for: the capture
 * and rasterising (need a real tab and OffscreenCanvas; the e2e suites cover them), the page
 * agent (called through call-scan-page in a real page) and the browser's frame list.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import * as otp from '../../../shared/otp';
import type { PageReport, PromptSpec, ScanPageAgent } from '../../../extension/messaging/scan-page-protocol';
import * as classify from '../../../extension/scan/classify-qr';
import { onScanSaved } from '../../../extension/scan/after-scan';
import { createFillService } from '../../../extension/fill/fill-service';
import { createScanService } from '../../../extension/scan/scan-service';
import type { Vault } from '../../../extension/vault';
import { blank, drawQr, rasterOf } from './qr-pixels';
import { resetWorld, testClock, vaultWith } from '../vault/vault-test-kit';

vi.mock('../../../shared/otp', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../shared/otp')>();
  return { ...real, parseKeyUri: vi.fn(real.parseKeyUri) };
});
vi.mock('../../../extension/scan/classify-qr', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../extension/scan/classify-qr')>();
  return { ...real, classifyQr: vi.fn(real.classifyQr) };
});

const page = { current: blank(800, 600) };
const agent = {
  report: null as PageReport | null,
  prompts: [] as PromptSpec[],
};
vi.mock('../../../extension/scan/capture-tab', () => ({ captureTab: async () => 'data:image/png;base64,' }));
vi.mock('../../../extension/scan/rasterise-image', async () => ({ rasteriseImage: async () => rasterOf(page.current) }));
vi.mock('../../../extension/scan/list-foreign-frames', () => ({ listForeignFrames: async () => ({ count: 0, origins: [] }) }));
vi.mock('../../../extension/scan/call-scan-page', () => ({
  callScanPage: async (_tabId: number, method: keyof ScanPageAgent, ...args: unknown[]) => {
    switch (method) {
      case 'collect':
        return agent.report;
      case 'identify':
        return { url: agent.report!.url, token: agent.report!.token };
      case 'prompt':
        agent.prompts.push(args[1] as PromptSpec);
        return null;
      default:
        return null;
    }
  },
}));

const PAGE_URL = 'https://accounts.acme.test/settings/2fa';
const [A, B, GITHUB] = [
  'otpauth://totp/Acme:alice@acme.test?secret=JBSWY3DPEHPK3PXP&issuer=Acme',
  'otpauth://totp/Acme:bob@acme.test?secret=GEZDGNBVGY3TQOJQ&issuer=Acme',
  // A well-known service's code on a page of another site: the scan asks before saving.
  'otpauth://totp/GitHub:alice?secret=KRSXG5CTMVRXEZLU&issuer=GitHub',
] as const;

let vault: Vault;
let tabId: number;
let fills: string[];
let unhook: () => void;

/** The page shows `texts` as QR codes; the report lists each as an in-view candidate. */
function pageShows(texts: string[]): void {
  page.current = blank(800, 600);
  const candidates = texts.map((text, id) => ({ id, kind: 'img' as const, rect: drawQr(page.current, text, { x: 20 + id * 380, y: 40, scale: 3 }), inView: true, clear: true }));
  agent.report = { url: PAGE_URL, token: 'doc-1', viewport: { width: 800, height: 600, offsetX: 0, offsetY: 0 }, candidates, foreignFrames: { shown: [], count: 0 }, fresh: true };
}

beforeEach(async () => {
  resetWorld();
  vi.mocked(otp.parseKeyUri).mockClear();
  vi.mocked(classify.classifyQr).mockClear();
  agent.prompts = [];
  fills = [];
  vault = vaultWith(testClock(Date.now()));
  const tab = await fakeBrowser.tabs.create({ url: PAGE_URL, active: true });
  tabId = tab.id!;
  const list = vi.spyOn(vault, 'list');
  const fill = createFillService({
    vault,
    push: async (_tab, _frame, code) => (fills.push(code), true),
    tab: async (id) => ({ id: id!, url: PAGE_URL }),
  });
  unhook = onScanSaved(async (context) => {
    const result = await fill.afterScan(context);
    // The after-scan step got the saved accounts: it never lists the vault to find them.
    expect(list).not.toHaveBeenCalled();
    return result;
  });
});

afterEach(() => unhook());

const scanner = () => createScanService({ vault });

describe('a scan parses each QR text once', () => {
  it('one code: one classifyQr, one parseKeyUri, saved and filled', async () => {
    pageShows([A]);
    const result = await scanner().scan(tabId);
    expect(result).toMatchObject({ added: [{ issuer: 'Acme', account: 'alice@acme.test', site: 'acme.test', origin: 'https://accounts.acme.test' }], filled: true });
    expect(fills).toHaveLength(1);
    expect(vi.mocked(classify.classifyQr)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(otp.parseKeyUri)).toHaveBeenCalledTimes(1);
  });

  it('two codes and the chooser: one parse per code, none again after the answer', async () => {
    pageShows([A, B]);
    const service = scanner();
    const pending = service.scan(tabId, { interactive: true });
    await vi.waitFor(() => expect(agent.prompts).toHaveLength(1));
    expect(agent.prompts[0]!.actions.map((a) => a.label)).toEqual(['Acme (alice@acme.test)', 'Acme (bob@acme.test)']);
    const flowId = Object.values(await fakeBrowser.storage.session.get(null)).map((f) => (f as { id: string }).id)[0]!;
    await service.answer(tabId, flowId, { kind: 'choose', index: 1 });
    expect(await pending).toMatchObject({ added: [{ account: 'bob@acme.test' }], filled: true });
    expect(vi.mocked(classify.classifyQr)).toHaveBeenCalledTimes(2);
    expect(vi.mocked(otp.parseKeyUri)).toHaveBeenCalledTimes(2);
  });

  it('the issuer question: one parse for the code, none again after "save anyway"', async () => {
    pageShows([GITHUB]);
    const service = scanner();
    const pending = service.scan(tabId, { interactive: true });
    await vi.waitFor(() => expect(agent.prompts).toHaveLength(1));
    expect(agent.prompts[0]!.title).toBe('Is this really GitHub?');
    const flowId = Object.values(await fakeBrowser.storage.session.get(null)).map((f) => (f as { id: string }).id)[0]!;
    await service.answer(tabId, flowId, { kind: 'confirm' });
    expect(await pending).toMatchObject({ added: [{ issuer: 'GitHub', site: 'acme.test' }] });
    expect(vi.mocked(classify.classifyQr)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(otp.parseKeyUri)).toHaveBeenCalledTimes(1);
  });
});
