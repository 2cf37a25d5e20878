/** Which code to fill: next code when under 3 s are left, next step when this step was already used. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseCodeStep, NEXT_CODE_THRESHOLD_MS } from '../../../extension/fill/choose-code-step';

const period = 30;
const at = (step: number, secondsIn: number) => step * period * 1000 + secondsIn * 1000;

describe('chooseCodeStep', () => {
  it.each([
    ['early in the step', at(100, 1), null, 100],
    ['with 3.5 s left', at(100, 26.5), null, 100],
    ['with exactly 3 s left', at(100, 27), null, 100],
    ['with 2.9 s left', at(100, 27.1), null, 101],
    ['right before the step ends', at(100, 29.999), null, 101],
    ['this step already filled once', at(100, 5), 100, 101],
    ['an older step filled', at(100, 5), 99, 100],
    ['under 3 s left and the next step already filled', at(100, 28), 101, 102],
  ] as const)('%s', (_what, nowMs, lastFilledStep, step) => {
    expect(chooseCodeStep({ nowMs, period, lastFilledStep }).step).toBe(step);
  });

  it('says a code two steps ahead is not accepted until the next step starts', () => {
    const choice = chooseCodeStep({ nowMs: at(100, 10), period, lastFilledStep: 101 });
    expect(choice.step).toBe(102);
    expect(choice.notBefore).toBe(at(101, 0));
    expect(chooseCodeStep({ nowMs: at(100, 10), period, lastFilledStep: 100 }).notBefore).toBe(at(100, 10));
  });

  it('never repeats a filled step, never goes back, and fills at once unless two steps ahead', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.constantFrom(15, 30, 60),
        fc.option(fc.integer({ min: -3, max: 2 }), { nil: null }),
        (nowMs, p, offset) => {
          const current = Math.floor(nowMs / 1000 / p);
          const last = offset === null ? null : current + offset;
          const { step, notBefore, expiresAt } = chooseCodeStep({ nowMs, period: p, lastFilledStep: last });
          expect(step).toBeGreaterThanOrEqual(current);
          if (last !== null) expect(step).toBeGreaterThan(last);
          expect(expiresAt - nowMs).toBeGreaterThanOrEqual(NEXT_CODE_THRESHOLD_MS);
          expect(notBefore === nowMs).toBe(step <= current + 1);
        },
      ),
    );
  });
});
