// @vitest-environment happy-dom
/**
 * Firefox's clipboard clearing waits for an alarm, not a timer: a stopped event page loses its
 * timers, while an alarm survives and wakes it. The copied code waits in storage.session (memory
 * only) for the alarm; a newer copy replaces it. (The clearing itself, in real Firefox with the
 * page stopped meanwhile: test/e2e/firefox.e2e.ts.)
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CLIPBOARD_CLEAR_ALARM, clearClipboardByAlarm, listenForClipboardAlarm } from '../../../extension/background/clear-clipboard-by-alarm';

const pending = async () => Object.values(await fakeBrowser.storage.session.get()).filter((v) => typeof v === 'string');

describe('clearing the clipboard by alarm', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('keeps the code in storage.session and sets one alarm 30 s ahead; a newer copy replaces both', async () => {
    const before = Date.now();
    await clearClipboardByAlarm('123456', 30_000);
    await clearClipboardByAlarm('654321', 30_000);
    const alarms = await fakeBrowser.alarms.getAll();
    expect(alarms.map((a) => a.name)).toEqual([CLIPBOARD_CLEAR_ALARM]);
    expect(alarms[0]!.scheduledTime).toBeGreaterThanOrEqual(before + 30_000);
    expect(alarms[0]!.scheduledTime).toBeLessThanOrEqual(Date.now() + 30_000);
    expect(await pending()).toEqual(['654321']);
  });

  it('forgets the code when the alarm fires, and ignores other alarms', async () => {
    listenForClipboardAlarm();
    await clearClipboardByAlarm('123456', 30_000);
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'vault-auto-lock', scheduledTime: Date.now() });
    expect(await pending()).toEqual(['123456']);
    await fakeBrowser.alarms.onAlarm.trigger({ name: CLIPBOARD_CLEAR_ALARM, scheduledTime: Date.now() });
    await vi.waitFor(async () => expect(await pending()).toEqual([]));
  });
});
