/** "Last synced 2 minutes ago": the words for each range, and the edges between them. */
import { describe, expect, it } from 'vitest';
import { relativeTime } from '../../../../extension/ui/sync/relative-time';

const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const S = 1000;
const M = 60 * S;
const H = 60 * M;

describe('relativeTime', () => {
  it.each([
    [0, 'just now'],
    [44 * S, 'just now'],
    [-5 * M, 'just now'], // a clock a little ahead is not "in 5 minutes"
    [45 * S, '1 minute ago'],
    [2 * M, '2 minutes ago'],
    [59 * M, '59 minutes ago'],
    [60 * M, '1 hour ago'],
    [23 * H, '23 hours ago'],
    [24 * H, '1 day ago'],
    [10 * 24 * H, '10 days ago'],
  ])('%d ms ago reads "%s"', (ago, words) => {
    expect(relativeTime(NOW - ago, NOW)).toBe(words);
  });
});
