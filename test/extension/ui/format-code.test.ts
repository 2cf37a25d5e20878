/** Codes are shown in groups that are easy to read and type; the ring counts whole seconds. */
import { describe, expect, it } from 'vitest';
import { formatCode, secondsLeft } from '../../../extension/ui/format-code';

describe('formatCode', () => {
  it.each([
    ['123456', '123 456'],
    ['1234567', '123 4567'],
    ['12345678', '1234 5678'],
    ['123456789', '123 456 789'],
    ['1234567890', '123 4567 890'],
    ['12 34 56', '123 456'],
  ])('%s -> %s', (code, shown) => {
    expect(formatCode(code)).toBe(shown);
  });
});

describe('secondsLeft', () => {
  it('rounds up and never goes below zero', () => {
    expect(secondsLeft(30_000, 0)).toBe(30);
    expect(secondsLeft(30_000, 29_001)).toBe(1);
    expect(secondsLeft(30_000, 30_000)).toBe(0);
    expect(secondsLeft(30_000, 31_000)).toBe(0);
  });
});
