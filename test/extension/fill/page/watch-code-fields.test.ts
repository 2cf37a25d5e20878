// @vitest-environment happy-dom
/** The one observer: fields that appear later are reported once; unrelated churn costs no scan. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as find from '../../../../extension/fill/page/find-code-fields';
import { watchCodeFields, type CodeFieldWatcher } from '../../../../extension/fill/page/watch-code-fields';

let watcher: CodeFieldWatcher | null = null;
afterEach(() => {
  watcher?.stop();
  watcher = null;
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

const ids = (fields: find.CodeField[]) => fields.map((f) => (f.kind === 'single' ? f.input.id : f.inputs[0]!.id));
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 10 });
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('watchCodeFields', () => {
  it('reports fields present at start, then fields added later, each once', async () => {
    document.body.innerHTML = '<input id="a" name="otp">';
    const seen: string[][] = [];
    watcher = watchCodeFields(document, (added) => added.length > 0 && seen.push(ids(added)), { layout: false, minIntervalMs: 10 });
    await eventually(() => expect(seen).toEqual([['a']]));
    const late = document.createElement('div');
    late.innerHTML = '<label for="b">Verification code</label><input id="b">';
    document.body.append(late);
    await eventually(() => expect(seen).toEqual([['a'], ['b']]));
    document.body.append(document.createElement('p'));
    await tick(40);
    expect(seen).toEqual([['a'], ['b']]);
  });

  it('notices a field revealed by a class change (a modal opening)', async () => {
    const style = document.createElement('style');
    style.textContent = '.closed { display: none }';
    document.head.append(style);
    document.body.innerHTML = '<div id="modal" class="closed"><input id="c" autocomplete="one-time-code"></div>';
    const seen: string[] = [];
    watcher = watchCodeFields(document, (added) => seen.push(...ids(added)), { layout: false, minIntervalMs: 10 });
    await tick(30);
    expect(seen).toEqual([]);
    document.getElementById('modal')!.className = 'open';
    await eventually(() => expect(seen).toEqual(['c']));
    style.remove();
  });

  it('watches inside shadow roots it found', async () => {
    document.body.innerHTML = '<x-widget></x-widget>';
    const root = document.querySelector('x-widget')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<div id="slot"></div>';
    const seen: string[] = [];
    watcher = watchCodeFields(document, (added) => seen.push(...ids(added)), { layout: false, minIntervalMs: 10 });
    await tick(30);
    root.getElementById('slot')!.innerHTML = '<input id="s" name="totp">';
    await eventually(() => expect(seen).toEqual(['s']));
  });

  it('does not rescan for churn that cannot add a field, and spaces scans out on busy pages', async () => {
    document.body.innerHTML = '<ul id="feed"></ul><span id="clock"></span>';
    const scannedAt: number[] = [];
    const real = find.findCodeFields;
    const spy = vi.spyOn(find, 'findCodeFields').mockImplementation((...args) => {
      scannedAt.push(performance.now());
      return real(...args);
    });
    watcher = watchCodeFields(document, () => {}, { layout: false, minIntervalMs: 50 });
    await tick(20);
    const initial = spy.mock.calls.length;
    expect(initial).toBe(1);
    for (let i = 0; i < 20; i++) {
      document.getElementById('clock')!.className = `t${i}`;
      document.getElementById('feed')!.append(Object.assign(document.createElement('li'), { textContent: `item ${i}` }));
      await tick(2);
    }
    await tick(60);
    expect(spy.mock.calls.length).toBe(initial);
    for (let i = 0; i < 20; i++) {
      document.getElementById('feed')!.append(document.createElement('input'));
      await tick(5);
    }
    await eventually(() => expect(spy.mock.calls.length - initial).toBeGreaterThanOrEqual(1));
    await tick(60);
    // However busy the page, scans keep their distance (50 ms; timers may fire a millisecond or two early).
    const gaps = scannedAt.slice(1).map((t, i) => t - scannedAt[i]!);
    expect(gaps.filter((gap) => gap < 45), `gaps ${gaps.map(Math.round).join(', ')}`).toEqual([]);
  });

  it('rescan() reports fields already on the page again (an account was just added)', async () => {
    document.body.innerHTML = '<input id="a" name="otp">';
    const seen: string[] = [];
    watcher = watchCodeFields(document, (added) => seen.push(...ids(added)), { layout: false, minIntervalMs: 10 });
    await eventually(() => expect(seen).toEqual(['a']));
    watcher.rescan();
    await eventually(() => expect(seen).toEqual(['a', 'a']));
  });
});
