/**
 * Sync between two real Chromium profiles with the built extension. The browsers' sync
 * services cannot be reached here, so the test stands in for the transport only: it copies
 * what one profile wrote to `chrome.storage.sync` into the other's (and removes what the
 * first removed), and `storage.onChanged` fires there as after a real sync. Everything else
 * is the extension's own code, driven through its automation surface and its messages.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../shared/otp';
import { deriveChunkKey, openHeader, unpackVault } from '../../extension/sync/sync-format';
import { oathtoolCode } from '../support/oathtool';
import { launchWithExtension, type ExtensionBrowser } from './support/chromium';
import { inWorker, liveWorker, stopServiceWorkers } from './support/extension-worker';
import { accounts, copySync, importAccounts, message, sync, syncedAfter, syncItems, vaultView } from './support/sync-profiles';

const PASSPHRASE = 'sync between my browsers';
const NEW_PASSPHRASE = 'a newer passphrase for both';
const ACCOUNTS = [
  { issuer: 'Acme Corp', account: 'alice@acme.example', page: 'https://login.acme.example/2fa', secret: generateSecret(20) },
  { issuer: 'Globex', account: 'alice.g@globex.example', page: 'https://accounts.globex.example/security', secret: generateSecret(20) },
  { issuer: 'Initech', account: 'a.smith@initech.example', page: 'https://sso.initech.example/mfa', secret: generateSecret(20) },
];

let a: ExtensionBrowser;
let b: ExtensionBrowser;

beforeAll(async () => {
  a = await launchWithExtension();
  b = await launchWithExtension();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('sync between two browser profiles', () => {
  let before: number;

  it('profile A with 3 accounts turns sync on: storage.sync holds no secret, issuer, name or site in clear', async () => {
    await inWorker(
      a.worker,
      async ({ accounts, passphrase }) => {
        await globalThis.authenticator!.setPassphrase(null, passphrase);
        for (const x of accounts) {
          const uri = `otpauth://totp/${encodeURIComponent(x.issuer)}:${encodeURIComponent(x.account)}?secret=${x.secret}&issuer=${encodeURIComponent(x.issuer)}`;
          await globalThis.authenticator!.add(uri, x.page);
        }
      },
      { accounts: ACCOUNTS, passphrase: PASSPHRASE },
      30_000,
    );
    const status = await sync(a, 'enable');
    expect(status).toMatchObject({ enabled: true, accounts: 3, tooBig: false, joinable: false, passphraseChanged: false, error: null });
    expect(status.bytes).toBeGreaterThan(0);

    const items = await syncItems(a);
    expect(Object.keys(items).sort()).toEqual(['c0', 'k']);
    const raw = JSON.stringify(items).toLowerCase();
    for (const x of ACCOUNTS) {
      const host = new URL(x.page).host;
      for (const text of [x.secret, x.issuer, x.account, host, host.split('.').slice(-2).join('.')]) {
        expect(raw, `"${text.slice(0, 6)}…" in storage.sync`).not.toContain(text.toLowerCase());
      }
    }
    expect(raw).not.toContain(PASSPHRASE);
  });

  it('a web page\'s content script cannot read storage.sync (defence in depth: it holds only ciphertext)', async () => {
    const server: Server = createServer((_request, response) => response.end('<!doctype html><p>An ordinary page</p>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const page = await a.context.newPage();
    try {
      // The extension's content script runs in an isolated world of the page: evaluate there (CDP).
      const cdp = await a.context.newCDPSession(page);
      const worlds: Array<{ id: number; origin: string; auxData?: { type?: string } }> = [];
      cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
      await cdp.send('Runtime.enable');
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const ours = () => worlds.find((w) => w.auxData?.type === 'isolated' && w.origin.startsWith(`chrome-extension://${a.extensionId}`));
      await expect.poll(() => ours() !== undefined, { timeout: 10_000 }).toBe(true);
      const { result } = await cdp.send('Runtime.evaluate', {
        contextId: ours()!.id,
        awaitPromise: true,
        returnByValue: true,
        expression: "chrome.storage.sync.get(null).then((items) => 'read ' + Object.keys(items).join(','), (error) => 'refused: ' + error.message)",
      });
      expect(result.value).toMatch(/^refused: /);
    } finally {
      await page.close();
      server.close();
    }
  });

  it('a wrong passphrase on B changes nothing on either side', async () => {
    await copySync(a, b);
    expect(await sync(b, 'status')).toMatchObject({ enabled: false, joinable: true });
    const [itemsA, itemsB] = [await syncItems(a), await syncItems(b)];
    expect(await sync(b, 'join', 'not the passphrase at all')).toMatch(/^\[wrong_passphrase\] /);
    expect(await syncItems(a)).toEqual(itemsA);
    expect(await syncItems(b)).toEqual(itemsB);
    expect(await accounts(b)).toEqual([]);
    expect(await sync(b, 'status')).toMatchObject({ enabled: false, joinable: true });
    // B's vault still has no passphrase: it cannot be locked.
    expect(await inWorker(b.worker, () => globalThis.authenticator!.lock().then(() => 'locked', (e: Error) => e.message), undefined)).toMatch(/^\[no_passphrase\] /);
  });

  it('B joins with the passphrase: the same 3 accounts, the same codes as oathtool', async () => {
    const status = await sync(b, 'join', PASSPHRASE);
    expect(status).toMatchObject({ enabled: true, accounts: 3, joinable: false, error: null });
    const listA = await accounts(a);
    const listB = await accounts(b);
    expect(listB.sort((x, y) => x.id.localeCompare(y.id))).toEqual(listA.sort((x, y) => x.id.localeCompare(y.id)));
    const at = Date.now();
    for (const x of ACCOUNTS) {
      const id = listB.find((s) => s.issuer === x.issuer)!.id;
      const code = await inWorker(b.worker, ({ id, at }) => globalThis.authenticator!.code(id, at), { id, at });
      expect(code.code, x.issuer).toBe(oathtoolCode({ secret: x.secret }, at));
    }
    // One passphrase for both browsers: B's vault now locks and opens with it.
    await inWorker(b.worker, async (p) => {
      await globalThis.authenticator!.lock();
      await globalThis.authenticator!.unlock(p);
    }, PASSPHRASE);
  });

  it('a rename on A and a delete of another account on B, both copied across: both converge to the same vault', async () => {
    const list = await accounts(a);
    const renamed = list.find((s) => s.issuer === 'Acme Corp')!;
    const deleted = list.find((s) => s.issuer === 'Globex')!;
    before = Date.now();
    await message(a, 'vault.rename', { id: renamed.id, issuer: 'Acme (work)', account: 'alice@acme.example' });
    await inWorker(b.worker, (id) => globalThis.authenticator!.remove(id), deleted.id);
    await syncedAfter(a, before);
    await syncedAfter(b, before);

    const stamp = Date.now();
    await copySync(a, b); // B merges A's rename with its own delete, and writes the merge
    await syncedAfter(b, stamp);
    const stampB = Date.now();
    await copySync(b, a);
    await syncedAfter(a, stampB);

    const [viewA, viewB] = [await vaultView(a), await vaultView(b)];
    expect(viewA).toEqual(viewB);
    expect(viewA.accounts.map((x) => x.issuer).sort()).toEqual(['Acme (work)', 'Initech']);
    expect(viewA.deleted.map((x) => x.id)).toEqual([deleted.id]);
  });

  it('a passphrase change on A: B says so, keeps syncing, and takes the new passphrase once', async () => {
    const kBefore = (await syncItems(a)).k;
    const stamp = Date.now();
    await inWorker(a.worker, ([from, to]) => globalThis.authenticator!.setPassphrase(from, to), [PASSPHRASE, NEW_PASSPHRASE] as const, 30_000);
    await syncedAfter(a, stamp);
    expect((await syncItems(a)).k).not.toEqual(kBefore);
    const stampB = Date.now();
    await copySync(a, b);
    await syncedAfter(b, stampB);
    expect(await sync(b, 'status')).toMatchObject({ enabled: true, passphraseChanged: true, error: null });
    expect(await sync(b, 'join', PASSPHRASE)).toMatch(/^\[wrong_passphrase\] /);
    expect(await sync(b, 'join', NEW_PASSPHRASE)).toMatchObject({ enabled: true, passphraseChanged: false, error: null });
    await inWorker(b.worker, async (p) => {
      await globalThis.authenticator!.lock();
      await globalThis.authenticator!.unlock(p);
    }, NEW_PASSPHRASE);
    expect(await vaultView(b)).toEqual(await vaultView(a));
  });

  it('off with the synced copy removed, on again with the passphrase: a new sync key the old k cannot open; B joins the new copy', async () => {
    const old = await syncItems(a);
    await sync(a, 'disable', { wipeRemote: true });
    expect(await sync(a, 'enable', NEW_PASSPHRASE)).toMatchObject({ enabled: true, accounts: 2, error: null });
    const fresh = await syncItems(a);
    // What someone who saved the old k and learnt the passphrase holds opens none of the new chunks.
    const oldChunkKey = await deriveChunkKey(await openHeader(old.k, NEW_PASSPHRASE));
    await expect(unpackVault(fresh, oldChunkKey)).rejects.toThrow();
    expect(await unpackVault(fresh, await deriveChunkKey(await openHeader(fresh.k, NEW_PASSPHRASE)))).toHaveLength(3); // 2 active, 1 deleted
    await copySync(a, b);
    await expect.poll(async () => (await sync(b, 'status')).error, { timeout: 30_000, interval: 200 }).toMatch(/^\[sync_replaced\] /);
    expect(await sync(b, 'join', NEW_PASSPHRASE)).toMatchObject({ enabled: true, accounts: 2, error: null });
    expect(await vaultView(b)).toEqual(await vaultView(a));
  });

  it('a change made just before Chrome stops the worker is synced when the worker starts again', async () => {
    const target = (await accounts(a)).find((s) => s.issuer === 'Initech')!;
    const stamp = Date.now();
    await message(a, 'vault.pin', { id: target.id, pinned: true });
    // Stopped within the 1.5 s the worker waits to batch changes: the change waits in IndexedDB.
    const page = a.context.pages().find((p) => p.url().startsWith(`chrome-extension://${a.extensionId}/`))!;
    await stopServiceWorkers(a.context, page, a.extensionId);
    a = { ...a, worker: await liveWorker(a.context, a.extensionId, () => page.reload()) };
    await syncedAfter(a, stamp);
    const stampB = Date.now();
    await copySync(a, b);
    await syncedAfter(b, stampB);
    expect((await vaultView(b)).accounts.find((x) => x.id === target.id)?.pinned).toBe(true);
  });

  it('450 accounts fit', async () => {
    await importAccounts(a, 0, 448); // 2 active + 448
    await expect.poll(async () => (await sync(a, 'status')).accounts, { timeout: 30_000, interval: 250 }).toBe(450);
    const status = await sync(a, 'status');
    expect(status).toMatchObject({ enabled: true, tooBig: false, accounts: 450, error: null });
    expect(status.bytes).toBeLessThan(102_400);
    await copySync(a, b);
    await expect.poll(async () => (await accounts(b)).length, { timeout: 30_000, interval: 250 }).toBe(450);
    expect(await vaultView(b)).toEqual(await vaultView(a));
  });

  it('2,000 accounts say the vault is too big for sync and lose nothing', async () => {
    const itemsBefore = await syncItems(a);
    await importAccounts(a, 1000, 1550);
    await expect.poll(async () => (await sync(a, 'status')).tooBig, { timeout: 30_000, interval: 250 }).toBe(true);
    const status = await sync(a, 'status');
    expect(status).toMatchObject({ enabled: true, tooBig: true, error: null });
    expect(status.bytes).toBeGreaterThan(102_400);
    expect(await accounts(a)).toHaveLength(2000);
    expect(await syncItems(a)).toEqual(itemsBefore); // nothing written
  });

  it('turning sync off with wipeRemote empties storage.sync and keeps the local accounts; B stops with a plain message', async () => {
    const status = await sync(a, 'disable', { wipeRemote: true });
    expect(status).toMatchObject({ enabled: false, joinable: false, error: null });
    expect(await syncItems(a)).toEqual({});
    expect(await accounts(a)).toHaveLength(2000);
    await copySync(a, b);
    await expect.poll(async () => (await sync(b, 'status')).enabled, { timeout: 30_000, interval: 200 }).toBe(false);
    expect((await sync(b, 'status')).error).toMatch(/^\[sync_removed\] /);
    expect(await accounts(b)).toHaveLength(450);
  });
});
