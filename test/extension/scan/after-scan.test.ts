/** The after-scan hook point: every hook runs, `filled` is any hook's, a failing hook changes nothing. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onScanSaved, runAfterScan, type AfterScanContext } from '../../../extension/scan/after-scan';

const context: AfterScanContext = {
  tabId: 3,
  pageUrl: 'https://acme.example/',
  saved: [{ id: 'a1', issuer: 'Acme', account: 'alice', origin: 'https://acme.example', site: 'acme.example', type: 'totp', digits: 6, period: 30, previous: false, pinned: false, order: 0, createdAt: 0, deletedAt: null }],
};
const unsubscribe: Array<() => void> = [];

afterEach(() => unsubscribe.splice(0).forEach((off) => off()));

describe('after scan', () => {
  it('is false with no hook', async () => {
    expect(await runAfterScan(context)).toBe(false);
  });

  it('runs every hook in order with the context, and reports a fill', async () => {
    const order: string[] = [];
    unsubscribe.push(onScanSaved(async (c) => void order.push(`first ${c.saved.length}`)));
    unsubscribe.push(onScanSaved((c) => (order.push(`fill ${c.tabId}`), { filled: true })));
    expect(await runAfterScan(context)).toBe(true);
    expect(order).toEqual(['first 1', 'fill 3']);
  });

  it('keeps going when a hook throws, without logging the context', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    unsubscribe.push(onScanSaved(() => { throw new Error('boom'); }));
    unsubscribe.push(onScanSaved(() => ({ filled: true })));
    expect(await runAfterScan(context)).toBe(true);
    expect(JSON.stringify(warn.mock.calls)).not.toContain('acme.example');
    warn.mockRestore();
  });

  it('stops calling a hook once it is unsubscribed', async () => {
    const hook = vi.fn(() => ({ filled: true }));
    const off = onScanSaved(hook);
    off();
    expect(await runAfterScan(context)).toBe(false);
    expect(hook).not.toHaveBeenCalled();
  });
});
