/**
 * The benchmark harness's vocabulary: each `*.bench.ts` default-exports a function that
 * returns rows; `run.ts` prints every row in one table.
 */

export type BenchRow = {
  /** What was measured, e.g. "generateCode". */
  name: string;
  /** The measured number. */
  value: number;
  unit: string;
  /** The budget, as a sentence ("<= 16 kB"); omitted when the row is informational. */
  budget?: string;
  /** Whether the budget holds; omitted when there is none. */
  withinBudget?: boolean;
  /** Anything a reader needs to interpret the number (the baseline, the ratio). */
  note?: string;
};

export type Bench = () => Promise<BenchRow[]>;

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns calls per second. */
export function opsPerSecond(fn: () => unknown, ms = 500): number {
  const warmUntil = performance.now() + Math.min(100, ms / 5);
  while (performance.now() < warmUntil) fn();
  let calls = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    calls += 100;
    now = performance.now();
  }
  return (calls * 1000) / (now - start);
}

/** The p-th percentile (0..100) of `samples`. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}
