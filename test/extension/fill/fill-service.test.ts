/**
 * The background half of filling, through the real message route, the real vault (in-memory
 * IndexedDB) and WXT's fake browser: the site always comes from the sender, the policy
 * decides what a page gets, and each account's filled step moves forward.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { generateCode } from '../../../shared/otp';
import { createHandlers } from '../../../extension/background/handlers';
import { scanNotAvailable } from '../../../extension/background/not-available';
import { createBackupService } from '../../../extension/backup/backup-service';
import { createRoute, routeFromSender } from '../../../extension/background/route-message';
import { createFillService } from '../../../extension/fill/fill-service';
import { memoryStepStore } from '../../../extension/fill/last-filled-steps';
import type { Vault } from '../../../extension/vault';
import { account, rejectionOf, resetWorld, testClock, vaultWith, type TestClock } from '../vault/vault-test-kit';

const ACME = 'https://acme.test/settings';
const PERIOD_MS = 30_000;

let clock: TestClock;
let vault: Vault;
let send: ReturnType<typeof routeFromSender>;
let pushes: Array<{ tabId: number; frameId: number; code: string; submit: boolean; origin: string }>;
let pushAnswer: (frameId: number) => boolean;
let tabs: Map<number, string>;
/** Runs during each wait for a code a step ahead (a tab may navigate meanwhile). */
let duringWait: () => void;

function sender(url: string, extra: Partial<Browser.runtime.MessageSender> = {}): Browser.runtime.MessageSender {
  return { id: fakeBrowser.runtime.id, url, origin: new URL(url).origin, frameId: 0, tab: { id: 7, url } as Browser.tabs.Tab, ...extra };
}
const popup: Browser.runtime.MessageSender = { id: fakeBrowser.runtime.id, url: `chrome-extension://${fakeBrowser.runtime.id}/popup.html` };

async function addAccount(pageUrl: string | null, overrides = {}) {
  const params = account(overrides);
  const { account: view } = await vault.addAccount(params, pageUrl === null ? null : { origin: new URL(pageUrl).origin, site: new URL(pageUrl).hostname.split('.').slice(-2).join('.') });
  return { id: view.id, params, view };
}
const codeAtStep = (params: ReturnType<typeof account>, step: number) => generateCode(params, step * PERIOD_MS);
const stepNow = () => Math.floor(clock.now() / PERIOD_MS);

beforeEach(() => {
  resetWorld();
  // 10 s into a time step, so "under 3 s left" only happens where a test says so.
  clock = testClock(Math.floor(Date.UTC(2026, 0, 15, 12) / PERIOD_MS) * PERIOD_MS + 10_000);
  vault = vaultWith(clock);
  pushes = [];
  pushAnswer = (frameId) => frameId === 0;
  tabs = new Map([[7, ACME]]);
  duringWait = () => undefined;
  const filling = createFillService({
    vault,
    steps: memoryStepStore(),
    now: clock.now,
    sleep: async (ms) => {
      clock.advance(ms);
      duringWait();
    },
    push: async (tabId, frameId, code, submit, origin) => {
      pushes.push({ tabId, frameId, code, submit, origin });
      return pushAnswer(frameId);
    },
    tab: async (tabId) => ({ id: tabId ?? 7, url: tabs.get(tabId ?? 7) ?? null }),
  });
  const clipboard = { scheduleClear: async () => undefined, done: async () => undefined };
  send = routeFromSender(createRoute(createHandlers({ vault, clipboard, backup: createBackupService(vault), scan: scanNotAvailable, fill: filling })));
});

describe('a content script asks for its own page', () => {
  it('same origin: the automatic code, then the next step, then "wait" until a code is accepted', async () => {
    const { id, params } = await addAccount(ACME);
    const page = sender('https://acme.test/sign-in');
    const first = await send('fill.page', { withCode: true }, page);
    expect(first).toMatchObject({ automatic: { accountId: id, code: codeAtStep(params, stepNow()) }, offer: [{ id, site: 'acme.test' }] });
    const second = await send('fill.page', { withCode: true }, page);
    expect(second).toMatchObject({ automatic: { code: codeAtStep(params, stepNow() + 1) } });
    const third = (await send('fill.page', { withCode: true }, page)) as { automatic: { code: string | null; notBefore: number } };
    expect(third.automatic.code).toBeNull();
    expect(third.automatic.notBefore).toBe((stepNow() + 1) * PERIOD_MS);
    clock.set((stepNow() + 1) * PERIOD_MS + 1);
    expect(await send('fill.code', { accountId: id }, page)).toEqual({ code: codeAtStep(params, stepNow() + 1), notBefore: clock.now() });
  });

  it('takes the next code when under 3 s are left', async () => {
    const { params } = await addAccount(ACME);
    clock.set(stepNow() * PERIOD_MS + 27_500);
    expect(await send('fill.page', { withCode: true }, sender(ACME))).toMatchObject({ automatic: { code: codeAtStep(params, stepNow() + 1) } });
  });

  it('without a ready field: the plan, and no code spent', async () => {
    const { id, params } = await addAccount(ACME);
    expect(await send('fill.page', { withCode: false }, sender(ACME))).toMatchObject({ automatic: { accountId: id, code: null } });
    expect(await send('fill.page', { withCode: true }, sender(ACME))).toMatchObject({ automatic: { code: codeAtStep(params, stepNow()) } });
  });

  it('sibling subdomain: the button only, and a click gets the code', async () => {
    const { id, params } = await addAccount(ACME);
    const login = sender('https://login.acme.test/');
    expect(await send('fill.page', { withCode: true }, login)).toEqual({
      automatic: null,
      offer: [{ id, issuer: 'Example', account: 'alice@example.com', previous: false, site: 'acme.test' }],
      submitAfterFill: false,
      locked: false,
    });
    expect(await send('fill.code', { accountId: id }, login)).toMatchObject({ code: codeAtStep(params, stepNow()) });
  });

  it('another site: nothing offered, and asking by id is refused, whatever the message claims', async () => {
    const { id } = await addAccount(ACME);
    const lookAlike = sender('https://acme-login.test/');
    expect(await send('fill.page', { withCode: true, site: 'acme.test', origin: 'https://acme.test' }, lookAlike)).toEqual({
      automatic: null,
      offer: [],
      submitAfterFill: false,
      locked: false,
    });
    expect((await rejectionOf(() => send('fill.code', { accountId: id }, lookAlike))).message).toMatch(/^\[forbidden\]/);
  });

  it('autoFill off: the button instead of the automatic fill', async () => {
    const { id } = await addAccount(ACME);
    await vault.updateSettings({ autoFill: false });
    expect(await send('fill.page', { withCode: true }, sender(ACME))).toMatchObject({ automatic: null, offer: [{ id }] });
  });

  it('offers previous tokens after current ones and never fills them automatically', async () => {
    const old = await addAccount(ACME);
    clock.advance(1000);
    const { account: replacement } = await vault.addAccount({ ...old.params, secret: account().secret }, { origin: 'https://acme.test', site: 'acme.test' });
    const plan = (await send('fill.page', { withCode: true }, sender(ACME))) as { automatic: { accountId: string }; offer: Array<{ id: string; previous: boolean }> };
    expect(plan.automatic.accountId).toBe(replacement.id);
    expect(plan.offer.map((e) => [e.id, e.previous])).toEqual([
      [replacement.id, false],
      [old.id, true],
    ]);
  });

  it('never spends an HOTP code on its own: the button only', async () => {
    const { id, params } = await addAccount(ACME, { type: 'hotp', counter: 3 });
    expect(await send('fill.page', { withCode: true }, sender(ACME))).toMatchObject({ automatic: null, offer: [{ id }] });
    expect(await send('fill.code', { accountId: id }, sender(ACME))).toMatchObject({ code: generateCode({ ...params, counter: 3 }, 0) });
  });

  it('content scripts cannot ask for the popup\'s fill messages', async () => {
    const { id } = await addAccount(ACME);
    for (const [name, data] of [
      ['fill.options', { tabId: 7 }],
      ['fill.account', { tabId: 7, accountId: id, otherSite: true }],
      ['fill.run', { tabId: 7 }],
      ['fill.next', { accountId: id }],
    ] as const) {
      expect((await rejectionOf(() => send(name, data, sender(ACME)))).message).toMatch(/^\[forbidden\]/);
    }
  });
});

describe('auto-lock: only the user keeps the vault open', () => {
  const MINUTE = 60_000;
  const PASSPHRASE = 'correct horse battery staple';

  it('a page that shows a code field every 10 s does not keep a passphrase vault unlocked', async () => {
    const { id } = await addAccount(ACME);
    await vault.setPassphrase(null, PASSPHRASE); // auto-lock after 15 minutes
    const lockAt = clock.now() + 15 * MINUTE;
    const page = sender('https://acme.test/sign-in');
    while (clock.now() + 10_000 < lockAt) {
      clock.advance(10_000);
      const plan = (await send('fill.page', { withCode: true }, page)) as { automatic: { accountId: string } | null };
      expect(plan.automatic?.accountId).toBe(id);
      // An automatic fill waiting for a step ahead asks with fill.code, not as the user.
      await send('fill.code', { accountId: id }, page);
    }
    expect((await fakeBrowser.alarms.get('vault-auto-lock'))?.scheduledTime).toBe(lockAt);
    clock.advance(10_000);
    expect(await vault.autoLock()).toBe(true);
    // Locked: the page learns only that an account waits behind the lock, never a code.
    expect(await send('fill.page', { withCode: true }, page)).toEqual({ offer: [], automatic: null, submitAfterFill: false, locked: true });
  });

  it('the twin: a click on the fill button (the user) and the popup do push the lock back', async () => {
    const { id } = await addAccount(ACME);
    await vault.setPassphrase(null, PASSPHRASE);
    clock.advance(10 * MINUTE);
    await send('fill.code', { accountId: id, byUser: true }, sender('https://acme.test/sign-in'));
    expect((await fakeBrowser.alarms.get('vault-auto-lock'))?.scheduledTime).toBe(clock.now() + 15 * MINUTE);
    clock.advance(10 * MINUTE);
    await send('fill.options', { tabId: 7 }, popup);
    expect((await fakeBrowser.alarms.get('vault-auto-lock'))?.scheduledTime).toBe(clock.now() + 15 * MINUTE);
    clock.advance(10 * MINUTE);
    expect(await vault.autoLock()).toBe(false);
  });
});

describe('the popup and automation', () => {
  it('fill.run fills this site\'s account into the tab and counts the step only once it is filled', async () => {
    const { id, params } = await addAccount(ACME);
    pushAnswer = () => false;
    expect(await send('fill.run', { tabId: 7 }, popup)).toEqual({ filled: false, accountId: id });
    pushAnswer = (frameId) => frameId === 0;
    expect(await send('fill.run', { tabId: 7 }, popup)).toEqual({ filled: true, accountId: id });
    expect(pushes.map((p) => p.code)).toEqual([codeAtStep(params, stepNow()), codeAtStep(params, stepNow())]);
    await send('fill.run', { tabId: 7 }, popup);
    expect(pushes.at(-1)!.code).toBe(codeAtStep(params, stepNow() + 1));
  });

  it('fill.run on a tab of another site fills nothing', async () => {
    await addAccount(ACME);
    tabs.set(8, 'https://acme-login.test/');
    expect(await send('fill.run', { tabId: 8 }, popup)).toEqual({ filled: false, accountId: null });
    expect(pushes).toEqual([]);
  });

  it('fill.run waits for an accepted code when this step and the next are used up', async () => {
    const { params } = await addAccount(ACME);
    const start = stepNow();
    await send('fill.run', { tabId: 7 }, popup);
    await send('fill.run', { tabId: 7 }, popup);
    await send('fill.run', { tabId: 7 }, popup);
    expect(pushes.map((p) => p.code)).toEqual([start, start + 1, start + 2].map((s) => codeAtStep(params, s)));
    expect(stepNow()).toBe(start + 1);
  });

  it('fill.options lists this site apart from the others; fill.account needs the warning for another site', async () => {
    const mine = await addAccount(ACME);
    const other = await addAccount('https://other.test/');
    const options = await send('fill.options', { tabId: 7 }, popup);
    expect(options).toMatchObject({ page: { origin: 'https://acme.test', site: 'acme.test' }, offer: [{ id: mine.id }], otherSites: [{ id: other.id, site: 'other.test' }] });
    const refused = await rejectionOf(() => send('fill.account', { tabId: 7, accountId: other.id, otherSite: false }, popup));
    expect(refused.message).toBe('[other_site] This account belongs to other.test, but the page is acme.test. Confirm the warning to fill it anyway.');
    expect(pushes).toEqual([]);
    expect(await send('fill.account', { tabId: 7, accountId: other.id, otherSite: true }, popup)).toEqual({ filled: true, accountId: other.id });
    expect(pushes).toEqual([{ tabId: 7, frameId: 0, code: codeAtStep(other.params, stepNow()), submit: false, origin: 'https://acme.test' }]);
  });

  it('a tab that navigates to another site while the code is awaited gets nothing', async () => {
    const { id } = await addAccount(ACME);
    await send('fill.run', { tabId: 7 }, popup);
    await send('fill.run', { tabId: 7 }, popup);
    expect(pushes).toHaveLength(2); // this step and the next are used up: the third fill waits
    duringWait = () => tabs.set(7, 'https://evil.test/');
    expect(await send('fill.run', { tabId: 7 }, popup)).toEqual({
      filled: false,
      accountId: id,
      reason: 'The tab moved from https://acme.test to https://evil.test while the code was being prepared; nothing was filled. Go back to that page and fill it again.',
    });
    expect(pushes).toHaveLength(2);
  });

  it('fill.account waits, then refuses a tab that moved, even with the other-site warning confirmed', async () => {
    const other = await addAccount('https://other.test/');
    await send('fill.account', { tabId: 7, accountId: other.id, otherSite: true }, popup);
    await send('fill.account', { tabId: 7, accountId: other.id, otherSite: true }, popup);
    duringWait = () => tabs.set(7, 'https://elsewhere.test/login');
    expect(await send('fill.account', { tabId: 7, accountId: other.id, otherSite: true }, popup)).toMatchObject({ filled: false, reason: expect.stringMatching(/^The tab moved from https:\/\/acme\.test to https:\/\/elsewhere\.test /) });
    expect(pushes.map((p) => p.origin)).toEqual(['https://acme.test', 'https://acme.test']);
  });

  it('a move within the same origin during the wait still fills, to that origin', async () => {
    const { params } = await addAccount(ACME);
    const start = stepNow();
    await send('fill.run', { tabId: 7 }, popup);
    await send('fill.run', { tabId: 7 }, popup);
    duringWait = () => tabs.set(7, 'https://acme.test/sign-in');
    expect(await send('fill.run', { tabId: 7 }, popup)).toMatchObject({ filled: true });
    expect(pushes.at(-1)).toMatchObject({ code: codeAtStep(params, start + 2), origin: 'https://acme.test' });
  });

  it('pushes to frames that reported code fields when the top frame has none', async () => {
    const { params } = await addAccount(ACME);
    await send('fill.page', { withCode: false }, sender('https://acme.test/frame', { frameId: 3, tab: { id: 7, url: ACME } as Browser.tabs.Tab }));
    pushAnswer = (frameId) => frameId === 3;
    expect(await send('fill.run', { tabId: 7 }, popup)).toMatchObject({ filled: true });
    expect(pushes.map((p) => [p.frameId, p.code])).toEqual([
      [0, codeAtStep(params, stepNow())],
      [3, codeAtStep(params, stepNow())],
    ]);
  });

  it('submits after filling only when the setting is on', async () => {
    await addAccount(ACME);
    await send('fill.run', { tabId: 7 }, popup);
    await vault.updateSettings({ submitAfterFill: true });
    await send('fill.run', { tabId: 7 }, popup);
    expect(pushes.map((p) => p.submit)).toEqual([false, true]);
  });

  it('fills an HOTP account with its next counter code', async () => {
    const { params } = await addAccount(ACME, { type: 'hotp', counter: 5 });
    await send('fill.run', { tabId: 7 }, popup);
    expect(pushes[0]!.code).toBe(generateCode({ ...params, counter: 5 }, 0));
  });
});

describe('fill.next: the next unused code, for automation', () => {
  it('hands out this step, then the next, then waits for the step after; a fill afterwards moves past them', async () => {
    const { id, params } = await addAccount(ACME);
    const start = stepNow();
    expect(await send('fill.next', { accountId: id }, popup)).toEqual({ code: codeAtStep(params, start), expiresAt: (start + 1) * PERIOD_MS });
    expect(await send('fill.next', { accountId: id }, popup)).toEqual({ code: codeAtStep(params, start + 1), expiresAt: (start + 2) * PERIOD_MS });
    // Two steps used: the server would refuse both again and take start + 2 only once start + 1 is current.
    expect(await send('fill.next', { accountId: id }, popup)).toEqual({ code: codeAtStep(params, start + 2), expiresAt: (start + 3) * PERIOD_MS });
    expect(stepNow()).toBe(start + 1);
    await send('fill.run', { tabId: 7 }, popup);
    expect(pushes.at(-1)!.code).toBe(codeAtStep(params, start + 3));
  });

  it('after a fill in this step, gives the next step\'s code', async () => {
    const { id, params } = await addAccount(ACME);
    await send('fill.run', { tabId: 7 }, popup);
    expect(pushes[0]!.code).toBe(codeAtStep(params, stepNow()));
    expect(await send('fill.next', { accountId: id }, popup)).toMatchObject({ code: codeAtStep(params, stepNow() + 1) });
  });

  it('an HOTP account gives its next counter code; an unknown id is refused', async () => {
    const { id, params } = await addAccount(ACME, { type: 'hotp', counter: 2 });
    expect(await send('fill.next', { accountId: id }, popup)).toEqual({ code: generateCode({ ...params, counter: 2 }, 0), expiresAt: 0 });
    expect((await rejectionOf(() => send('fill.next', { accountId: 'nope' }, popup))).message).toMatch(/^\[account_not_found\]/);
  });
});

describe('after a scan', () => {
  it('fills the new account\'s confirmation code into the tab, unless turned off', async () => {
    const { view, params } = await addAccount(ACME);
    const filling = () =>
      createFillService({ vault, now: clock.now, push: async (...a) => (pushes.push({ tabId: a[0], frameId: a[1], code: a[2], submit: a[3], origin: a[4] }), true), tab: async (t) => ({ id: t!, url: tabs.get(t!) ?? null }) });
    expect(await filling().afterScan({ tabId: 7, saved: [view] })).toEqual({ filled: true });
    expect(pushes[0]!.code).toBe(codeAtStep(params, stepNow()));
    await vault.updateSettings({ fillConfirmationAfterScan: false });
    expect(await filling().afterScan({ tabId: 7, saved: [view] })).toEqual({ filled: false });
    expect(pushes).toHaveLength(1);
  });

  it('fills nothing when the tab leaves for another site while the code is awaited', async () => {
    const { id, view } = await addAccount(ACME);
    const steps = memoryStepStore();
    await steps.set(id, stepNow() + 1); // this step and the next were filled already: the fill waits
    const push = vi.fn(async () => true);
    const sleep = async (ms: number) => {
      clock.advance(ms);
      tabs.set(7, 'https://evil.test/');
    };
    const service = createFillService({ vault, steps, now: clock.now, sleep, push, tab: async (t) => ({ id: t!, url: tabs.get(t!) ?? null }) });
    expect(await service.afterScan({ tabId: 7, saved: [view] })).toEqual({ filled: false });
    expect(push).not.toHaveBeenCalled();
  });

  it('fills nothing for a batch, without a tab, or when the tab left for another site', async () => {
    const a = await addAccount(ACME);
    const b = await addAccount(ACME);
    const push = vi.fn(async () => true);
    const service = createFillService({ vault, now: clock.now, push, tab: async (t) => ({ id: t!, url: tabs.get(t!) ?? null }) });
    expect(await service.afterScan({ tabId: 7, saved: [a.view, b.view] })).toEqual({ filled: false });
    expect(await service.afterScan({ tabId: null, saved: [a.view] })).toEqual({ filled: false });
    tabs.set(7, 'https://acme-login.test/');
    expect(await service.afterScan({ tabId: 7, saved: [a.view] })).toEqual({ filled: false });
    expect(push).not.toHaveBeenCalled();
  });
});

describe('a locked vault: "Unlock to fill"', () => {
  const PASSPHRASE = 'correct horse battery staple';
  it('is offered only on pages of a site that has an account, and says nothing more', async () => {
    await addAccount(ACME);
    await vault.setPassphrase(null, PASSPHRASE);
    await vault.lock();
    const locked = { offer: [], automatic: null, submitAfterFill: false };
    expect(await send('fill.page', { withCode: true }, sender('https://acme.test/sign-in'))).toEqual({ ...locked, locked: true });
    expect(await send('fill.page', { withCode: true }, sender('https://login.acme.test/'))).toEqual({ ...locked, locked: true });
    expect(await send('fill.page', { withCode: true }, sender('https://acme-login.test/'))).toEqual({ ...locked, locked: false });
    // Plain http never gets an https account's help, locked or not.
    expect(await send('fill.page', { withCode: true }, sender('http://acme.test/'))).toEqual({ ...locked, locked: false });
    expect((await rejectionOf(() => send('fill.unlock', undefined, sender('https://acme-login.test/')))).code).toBe('forbidden');
  });

  it('remembers the frame, opens the unlock view, and tells the frame once unlocked (by any unlock)', async () => {
    await addAccount(ACME);
    await vault.setPassphrase(null, PASSPHRASE);
    await vault.lock();
    const opened: number[] = [];
    const told: unknown[] = [];
    const service = createFillService({
      vault,
      now: clock.now,
      push: async () => false,
      tab: async (t) => ({ id: t!, url: ACME }),
      openUnlockView: async () => void opened.push(1),
      notifyUnlocked: async (waiter) => void told.push(waiter),
    });
    await service.unlockToFill({ origin: 'https://acme.test', site: 'acme.test' }, { tabId: 7, frameId: 3 });
    expect([opened.length, told]).toEqual([1, []]);
    await vault.unlock(PASSPHRASE);
    await service.resumeAfterUnlock();
    expect(told).toEqual([{ tabId: 7, frameId: 3, origin: 'https://acme.test' }]);
    // Once told, a frame is not told again by the next unlock.
    await service.resumeAfterUnlock();
    expect(told).toHaveLength(1);
    // Already unlocked when the click arrives: the frame is told at once, no view opens.
    await service.unlockToFill({ origin: 'https://acme.test', site: 'acme.test' }, { tabId: 7, frameId: 0 });
    expect([opened.length, told.length]).toEqual([1, 2]);
  });
});
