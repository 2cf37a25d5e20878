/** Flow state in storage.session: one waiting flow per tab, dropped when it expires. */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { parseKeyUri } from '../../../shared/otp';
import { clearFlow, FLOW_TTL_MS, loadFlow, saveFlow, type ScanFlow } from '../../../extension/scan/scan-flow-store';

const flow = (tabId: number, startedAt = Date.now()): ScanFlow => ({
  id: `flow-${tabId}`,
  tabId,
  windowId: 1,
  pageUrl: 'https://acme.example/settings',
  page: { origin: 'https://acme.example', site: 'acme.example' },
  token: 'token',
  startedAt,
  step: { kind: 'choose', codes: [{ params: parseKeyUri('otpauth://totp/A:a?secret=JBSWY3DPEHPK3PXP'), label: 'A (a)' }] },
});

describe('scan flow store', () => {
  beforeEach(() => fakeBrowser.reset());

  it('keeps one flow per tab in session storage, not local', async () => {
    await saveFlow(flow(1));
    await saveFlow(flow(2));
    expect(await loadFlow(1)).toEqual(flow(1, (await loadFlow(1))!.startedAt));
    expect((await loadFlow(2))?.id).toBe('flow-2');
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('replaces the tab\'s flow on save and forgets it on clear', async () => {
    await saveFlow(flow(1));
    await saveFlow({ ...flow(1), id: 'newer' });
    expect((await loadFlow(1))?.id).toBe('newer');
    await clearFlow(1);
    expect(await loadFlow(1)).toBeNull();
  });

  it('drops a flow older than its time to live', async () => {
    const now = Date.now();
    await saveFlow(flow(3, now - FLOW_TTL_MS - 1));
    expect(await loadFlow(3, now)).toBeNull();
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
