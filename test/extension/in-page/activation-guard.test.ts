// @vitest-environment happy-dom
/**
 * The clickjacking guard of the in-page controls: no activation within 500 ms of the control
 * appearing or moving, and, where the browser reports visibility (IntersectionObserver v2),
 * none while the control is covered or faded.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACTIVATION_DELAY_MS, guardActivation } from '../../../extension/in-page/activation-guard';

let clock = 0;
const now = () => clock;

type Report = (entries: Array<{ target: Element; isVisible?: boolean }>) => void;
const originalObserver = window.IntersectionObserver;

/** Installs an IntersectionObserver that does (v2) or does not (v1) track visibility; returns its reports. */
function fakeObserver(v2: boolean): { options: Array<Record<string, unknown>>; report: Report; observed: Element[]; disconnected: () => number } {
  const options: Array<Record<string, unknown>> = [];
  const observed: Element[] = [];
  let callback: Report = () => undefined;
  let disconnects = 0;
  class Fake {
    readonly trackVisibility?: boolean;
    constructor(cb: Report, init: Record<string, unknown>) {
      callback = cb;
      options.push(init);
      if (v2) this.trackVisibility = init.trackVisibility === true;
    }
    observe(target: Element) {
      observed.push(target);
    }
    disconnect() {
      disconnects++;
    }
  }
  (window as unknown as { IntersectionObserver: unknown }).IntersectionObserver = Fake;
  return { options, observed, report: (entries) => callback(entries), disconnected: () => disconnects };
}

afterEach(() => {
  clock = 0;
  (window as unknown as { IntersectionObserver: unknown }).IntersectionObserver = originalObserver;
});

describe('guardActivation: timing', () => {
  it(`refuses activations for ${ACTIVATION_DELAY_MS} ms after the control appears`, () => {
    fakeObserver(false);
    const guard = guardActivation(document.createElement('button'), { now });
    expect(guard.allows()).toBe(false);
    clock = ACTIVATION_DELAY_MS - 1;
    expect(guard.allows()).toBe(false);
    clock = ACTIVATION_DELAY_MS;
    expect(guard.allows()).toBe(true);
  });

  it('starts over when the control moves (or shows again)', () => {
    fakeObserver(false);
    const guard = guardActivation(document.createElement('button'), { now });
    clock = 2000;
    expect(guard.allows()).toBe(true);
    guard.moved();
    clock = 2000 + ACTIVATION_DELAY_MS - 1;
    expect(guard.allows()).toBe(false);
    clock = 2000 + ACTIVATION_DELAY_MS;
    expect(guard.allows()).toBe(true);
  });

  it('without IntersectionObserver v2 (Firefox, older browsers) the timing alone decides', () => {
    const fake = fakeObserver(false);
    const guard = guardActivation(document.createElement('button'), { now });
    expect(fake.observed).toEqual([]);
    expect(fake.disconnected()).toBe(1);
    clock = ACTIVATION_DELAY_MS;
    expect(guard.allows()).toBe(true);
  });
});

describe('guardActivation: visibility (IntersectionObserver v2)', () => {
  it('asks the browser to track visibility at its 100 ms minimum, and waits for "visible"', () => {
    const fake = fakeObserver(true);
    const button = document.createElement('button');
    const guard = guardActivation(button, { now });
    expect(fake.options).toEqual([{ trackVisibility: true, delay: 100 }]);
    expect(fake.observed).toEqual([button]);
    clock = 10_000;
    expect(guard.allows()).toBe(false); // no report yet: not known to be visible
    fake.report([{ target: button, isVisible: true }]);
    expect(guard.allows()).toBe(true);
  });

  it('refuses while something covers the control, and again after it is uncovered only when visible', () => {
    const fake = fakeObserver(true);
    const button = document.createElement('button');
    const guard = guardActivation(button, { now });
    clock = 10_000;
    fake.report([{ target: button, isVisible: true }]);
    fake.report([{ target: button, isVisible: false }]); // an overlay (even pointer-events: none) arrived
    expect(guard.allows()).toBe(false);
    fake.report([{ target: document.createElement('div'), isVisible: true }]); // another element's report changes nothing
    expect(guard.allows()).toBe(false);
    fake.report([{ target: button, isVisible: true }]);
    expect(guard.allows()).toBe(true);
    guard.disconnect();
    expect(fake.disconnected()).toBe(1);
  });
});

describe('guardActivation: the control\'s on-screen box', () => {
  /** A control whose box the test moves (happy-dom does no layout). */
  function movable(): { button: HTMLButtonElement; moveTo: (x: number, y: number) => void } {
    const button = document.createElement('button');
    document.body.append(button);
    let at = { x: 100, y: 100 };
    button.getBoundingClientRect = () => DOMRect.fromRect({ ...at, width: 22, height: 22 });
    return { button, moveTo: (x, y) => (at = { x, y }) };
  }

  it('a move seen at a pointer event anywhere in the window starts the delay over', () => {
    fakeObserver(false);
    const { button, moveTo } = movable();
    const guard = guardActivation(button, { now });
    clock = 2000;
    expect(guard.allows()).toBe(true);
    moveTo(600, 400); // the page moved it (its style, its container, its layout: all the same here)
    clock = 2100;
    window.dispatchEvent(new MouseEvent('pointermove'));
    clock = 2100 + ACTIVATION_DELAY_MS - 1;
    expect(guard.allows()).toBe(false);
    clock = 2100 + ACTIVATION_DELAY_MS;
    expect(guard.allows()).toBe(true);
    guard.disconnect();
    button.remove();
  });

  it('a move no event reported is caught by the activation itself', () => {
    fakeObserver(false);
    const { button, moveTo } = movable();
    const guard = guardActivation(button, { now });
    clock = 5000;
    moveTo(100, 140);
    expect(guard.allows()).toBe(false); // moved since last seen: the click was aimed at what was there before
    clock = 5000 + ACTIVATION_DELAY_MS;
    expect(guard.allows()).toBe(true); // and it stayed put since
    guard.disconnect();
    button.remove();
  });

  it('sub-pixel jitter is no move; a change of size is', () => {
    fakeObserver(false);
    const { button, moveTo } = movable();
    const guard = guardActivation(button, { now });
    clock = 5000;
    moveTo(100.3, 99.8);
    expect(guard.allows()).toBe(true);
    button.getBoundingClientRect = () => DOMRect.fromRect({ x: 100, y: 100, width: 44, height: 44 }); // zoom: 2
    expect(guard.allows()).toBe(false);
    guard.disconnect();
    button.remove();
  });

  it('stops listening when disconnected', () => {
    fakeObserver(false);
    const { button, moveTo } = movable();
    const guard = guardActivation(button, { now });
    const removed = vi.spyOn(window, 'removeEventListener');
    guard.disconnect();
    expect(removed.mock.calls.map(([type]) => type)).toEqual(expect.arrayContaining(['pointermove', 'pointerdown', 'click']));
    removed.mockRestore();
    moveTo(0, 0);
    button.remove();
  });
});
