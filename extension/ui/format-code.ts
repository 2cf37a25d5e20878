/** How codes are shown: in groups that are easy to read aloud and type (`123 456`, `1234 5678`). */

const GROUPS: Record<number, number[]> = { 6: [3, 3], 7: [3, 4], 8: [4, 4], 9: [3, 3, 3], 10: [3, 4, 3] };

export function formatCode(code: string): string {
  const digits = code.replace(/\s+/g, '');
  const sizes = GROUPS[digits.length];
  if (!sizes) return digits;
  const groups: string[] = [];
  let at = 0;
  for (const size of sizes) {
    groups.push(digits.slice(at, at + size));
    at += size;
  }
  return groups.join(' ');
}

/** Whole seconds until `expiresAt`, never negative. */
export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}
