// @vitest-environment happy-dom
/**
 * The clickjacking guard of the in-page controls: no activation within 500 ms of the control
 * appearing or moving, and, where the browser reports visibility (IntersectionObserver v2),
 * none while the control is covered or faded.
 */
import { afterEach, describe, expect, it } from 'vitest';
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
