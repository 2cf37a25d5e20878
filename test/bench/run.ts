/**
 * `npm run bench`: runs every `test/bench/*.bench.ts` (or those named on the command line)
 * and prints one table. Exits 1 when a row misses its budget, so CI could gate on it.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bench, BenchRow } from './harness';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

const rows: Array<BenchRow & { bench: string }> = [];
for (const file of files) {
  const bench = basename(file, '.bench.ts');
  process.stderr.write(`running ${bench} ...\n`);
  try {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default: Bench };
    for (const row of await mod.default()) rows.push({ bench, ...row });
  } catch (error) {
    rows.push({ bench, name: 'FAILED', value: NaN, unit: '', withinBudget: false, note: String((error as Error)?.message ?? error) });
  }
}

const format = (v: number) => (Number.isNaN(v) ? '-' : v >= 1000 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(3));
const table = rows.map((r) => [
  r.bench,
  r.name,
  `${format(r.value)} ${r.unit}`.trim(),
  r.budget ?? '',
  r.withinBudget === undefined ? '' : r.withinBudget ? 'ok' : 'OVER',
  r.note ?? '',
]);
const header = ['bench', 'measure', 'value', 'budget', 'status', 'note'];
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const row of table) console.log(line(row));
process.exitCode = rows.some((r) => r.withinBudget === false) ? 1 : 0;
