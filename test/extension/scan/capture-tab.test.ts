/** captureTab: waits out Chrome's two-captures-a-second quota instead of failing. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { captureTab } from '../../../extension/scan/capture-tab';
import { ScanError } from '../../../extension/scan/scan-error';

const QUOTA = 'This request exceeds the MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota.';

describe('captureTab', () => {
  let clock = 0;
  const slept: number[] = [];
  const options = { now: () => clock, sleep: async (ms: number) => void (slept.push(ms), (clock += ms)) };

  beforeEach(() => {
    vi.restoreAllMocks();
    fakeBrowser.reset();
    slept.length = 0;
    clock += 10_000;
  });

  it('captures the window asked for, as near-lossless JPEG', async () => {
    const capture = vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockResolvedValue('data:image/png;base64,AAAA');
    await expect(captureTab(7, options)).resolves.toBe('data:image/png;base64,AAAA');
    expect(capture).toHaveBeenCalledWith(7, { format: 'jpeg', quality: 100 });
    expect(slept).toEqual([]);
  });

  it('waits until the oldest of the last two captures leaves the one-second window, then retries', async () => {
    let calls = 0;
    vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockImplementation(async () => {
      calls++;
      if (calls === 3) throw new Error(QUOTA);
      clock += 50;
      return 'data:image/png;base64,AAAA';
    });
    const first = clock;
    await captureTab(1, options);
    await captureTab(1, options);
    await captureTab(1, options);
    expect(calls).toBe(4);
    expect(slept).toHaveLength(1);
    // The first capture started at `first`: the quota frees up 1000 ms later (plus a little slack).
    expect(first + 1000).toBeLessThanOrEqual(clock);
    expect(slept[0]).toBeLessThanOrEqual(1000);
  });

  it('gives up with [cannot_scan_page] after repeated refusals', async () => {
    vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockRejectedValue(new Error(QUOTA));
    const error = await captureTab(1, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScanError);
    expect((error as ScanError).code).toBe('cannot_scan_page');
    expect(slept.length).toBeGreaterThanOrEqual(3);
  });

  it('gives up with [cannot_scan_page] when the browser never answers', async () => {
    vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockReturnValue(new Promise(() => undefined));
    const error = (await captureTab(1, { ...options, timeoutMs: 20 }).catch((e: unknown) => e)) as ScanError;
    expect(error.message).toMatch(/^\[cannot_scan_page\] The browser did not capture the page/);
  });

  it('does not retry other failures, and says what the browser said', async () => {
    const capture = vi.spyOn(fakeBrowser.tabs, 'captureVisibleTab').mockRejectedValue(new Error('Cannot access contents of url "chrome://settings/".'));
    const error = (await captureTab(1, options).catch((e: unknown) => e)) as ScanError;
    expect(error.message).toMatch(/^\[cannot_scan_page\] .*chrome:\/\/settings/);
    expect(capture).toHaveBeenCalledTimes(1);
    expect(slept).toEqual([]);
  });
});
