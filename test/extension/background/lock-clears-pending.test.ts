/**
 * Locking the vault (by hand or by auto-lock) also drops what scans and imports hold for the
 * user in storage.session: a scan's codes waiting for an answer (their secrets) and imports
 * waiting for confirmation. Other session state (the unrelated flag below) stays. The real
 * services wiring, the real vault, WXT's fake browser.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createServices } from '../../../extension/background/services';
import { savePending, saveBatch } from '../../../extension/backup/pending-imports';
import { saveFlow } from '../../../extension/scan/scan-flow-store';
import { parseKeyUri } from '../../../shared/otp';
import { resetWorld } from '../vault/vault-test-kit';

const PASSPHRASE = 'correct horse battery staple';
const URI = 'otpauth://totp/Acme:alice?secret=JBSWY3DPEHPK3PXP&issuer=Acme';

async function holdPendingSecrets(): Promise<void> {
  await saveFlow({ id: 'f1', tabId: 4, windowId: 1, pageUrl: 'https://acme.test/settings', page: { origin: 'https://acme.test', site: 'acme.test' }, token: 't', startedAt: Date.now(), step: { kind: 'confirm-issuer', code: { params: parseKeyUri(URI), label: 'Acme (alice)' }, mismatch: { service: 'GitHub', site: 'acme.test', domains: ['github.com'] } } });
  await savePending({ id: 'p1', source: 'file', createdAt: Date.now(), preview: { format: 'otpauth-list', encrypted: false, toAdd: [], duplicates: [], invalid: [], notes: [], settings: null } });
  await saveBatch({ id: 1, size: 2, parts: { '0': { accounts: [], invalid: [] } } }, Date.now());
  await fakeBrowser.storage.session.set({ unrelated: true });
}

const sessionKeys = async () => Object.keys(await fakeBrowser.storage.session.get(null)).sort();
const stillHolding = async () => (await sessionKeys()).filter((k) => k.startsWith('scan.flow.') || k.startsWith('backup.'));

beforeEach(() => resetWorld());

describe('when the vault locks', () => {
  it('a lock by hand drops pending scan codes and imports', async () => {
    const { vault } = createServices();
    await vault.setPassphrase(null, PASSPHRASE);
    await holdPendingSecrets();
    expect(await stillHolding()).toEqual(['backup.import.p1', 'backup.migrationBatch', 'scan.flow.4']);
    await vault.lock();
    expect(await stillHolding()).toEqual([]);
    expect(await sessionKeys()).toContain('unrelated');
  });

  it('auto-lock drops them too', async () => {
    const { vault } = createServices();
    await vault.setPassphrase(null, PASSPHRASE);
    await holdPendingSecrets();
    expect(await vault.autoLock(true)).toBe(true);
    expect(await stillHolding()).toEqual([]);
  });

  it('the twin: while unlocked, they stay', async () => {
    const { vault } = createServices();
    await vault.setPassphrase(null, PASSPHRASE);
    await holdPendingSecrets();
    expect(await vault.autoLock()).toBe(false); // idle time not over
    expect(await stillHolding()).toHaveLength(3);
  });
});
