/**
 * "2 minutes ago": how long ago something happened, in words, for status lines that a timer
 * re-renders (the options page's "last synced", the popup's "Synced" line).
 */

const words = new Intl.RelativeTimeFormat('en', { numeric: 'always' });

/** `at` relative to `now` (both ms since the epoch); under 45 seconds (or in the future) is "just now". */
export function relativeTime(at: number, now: number): string {
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.max(1, Math.round(seconds / 60));
  if (minutes < 60) return words.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return words.format(-hours, 'hour');
  return words.format(-Math.round(hours / 24), 'day');
}

/** How often a shown relative time is brought up to date (and the status with it). */
export const RELATIVE_TIME_REFRESH_MS = 30_000;
