/**
 * The popup against the product's budgets, in real Chromium with the built extension:
 * - first render with 1,000 accounts (<= 100 ms, aim 50 ms): from navigation start to the
 *   first code painted (the popup's `authenticator:popup-ready` mark), median of fresh opens;
 * - the same with 10 and 10,000 accounts in the same run (10,000 within 1.2x of 10: the first
 *   paint's cost must not grow with the vault), and a floor: a bare extension page that paints
 *   one row (what opening any extension page costs here);
 * - the 10,000 accounts opened back to back (0 ms apart): each open starts while the last
 *   one's whole-list read may still run in the worker, and its first rows must not wait for it;
 * - vault unlock (scrypt N=2^15 r=8 p=1, <= 1 s, aim 0.3 s): `authenticator.unlock()` in the
 *   service worker, median of several.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import { EXTENSION_DIR, launchWithExtension } from '../e2e/support/chromium';
import { OptionsPage } from '../e2e/support/extension-pages';
import { inWorker } from '../e2e/support/extension-worker';
import { median, percentile, type Bench } from './harness';

const ACCOUNTS = 1_000;
/** Vault sizes measured in one run, smallest first (each adds to the last). */
const SIZES = [10, ACCOUNTS, 10_000];
const OPENS = 15;
const FLOOR_PAGE = 'bench-floor.html';
const IDLE_BETWEEN_OPENS_MS = 1500;
/** Back to back: the next popup opens as soon as the last one has painted and closed. */
const BACK_TO_BACK_MS = 0;
const UNLOCKS = 5;
const PASSPHRASE = 'correct horse battery staple';
const READY_MARK = 'authenticator:popup-ready';
const START_MARK = 'authenticator:popup-start';

const bench: Bench = async () => {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: resolve(import.meta.dirname, '../..'), stdio: 'ignore' });
  writeFloorPage();
  const browser = await launchWithExtension({ viewport: { width: 360, height: 600 } });
  try {
    const seed = (from: number, to: number) =>
      inWorker(
        browser.worker,
        async ([start, end]) => {
          const a = globalThis.authenticator!;
          if (start === 0) await a.reset();
          const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
          for (let i = start; i < end; i++) {
            const bytes = crypto.getRandomValues(new Uint8Array(32));
            const secret = Array.from(bytes, (b) => alphabet[b & 31]).join('');
            await a.add(`otpauth://totp/Service%20${i}:user${i}%40example.com?secret=${secret}&issuer=Service%20${i}`, `https://site${i % 50}.example/`);
          }
        },
        [from, to] as const,
        900_000,
      );

    /** [navigation start -> first code (or the floor's row), popup script start -> the same] in ms. */
    const open = async (path: string, accounts: number): Promise<[number, number]> => {
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 360, height: 600 });
      await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
      await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, READY_MARK, { timeout: 30_000 });
      const [ready, start] = await page.evaluate((marks) => marks.map((m) => performance.getEntriesByName(m)[0]!.startTime), [READY_MARK, START_MARK]);
      const rows = await page.locator('.account-row').count();
      if (accounts > 100 && rows >= accounts / 2) throw new Error(`the list rendered ${rows} rows: it is not virtualised`);
      await page.close();
      return [ready!, ready! - start!];
    };
    const measure = async (path: string, accounts: number, idleMs = IDLE_BETWEEN_OPENS_MS) => {
      await open(path, accounts); // warm: the worker has started and the code is compiled
      const samples: Array<[number, number]> = [];
      for (let i = 0; i < OPENS; i++) {
        // Each open as a person opens the popup: with the worker done with the last one's
        // whole-list read (which comes after its first paint and is not what is measured).
        // Back to back (idleMs 0): the last one's whole-list read may still run.
        await new Promise((resolve) => setTimeout(resolve, idleMs));
        samples.push(await open(path, accounts));
      }
      return { opens: samples.map(([fromNavigation]) => fromNavigation), ours: samples.map(([, fromScript]) => fromScript) };
    };

    const floor = await measure(FLOOR_PAGE, 0);
    const bySize = new Map<number, { opens: number[]; ours: number[] }>();
    let seeded = 0;
    for (const size of SIZES) {
      await seed(seeded, size);
      seeded = size;
      bySize.set(size, await measure('popup.html', size));
    }
    const largest = SIZES[SIZES.length - 1]!;
    const backToBack = await measure('popup.html', largest, BACK_TO_BACK_MS);
    const { opens, ours } = bySize.get(ACCOUNTS)!;

    const options = await OptionsPage.open(browser.context, browser.extensionId);
    await options.setPassphrase(PASSPHRASE);
    await options.close();
    const unlocks = await inWorker(
      browser.worker,
      async ({ runs, passphrase }) => {
        const out: number[] = [];
        for (let i = 0; i < runs; i++) {
          await globalThis.authenticator!.lock();
          const start = performance.now();
          await globalThis.authenticator!.unlock(passphrase);
          out.push(performance.now() - start);
        }
        return out;
      },
      { runs: UNLOCKS, passphrase: PASSPHRASE },
      120_000,
    );

    const nodeStart = performance.now();
    await scryptAsync('bench passphrase', new Uint8Array(32), { N: 2 ** 15, r: 8, p: 1, dkLen: 32 });
    const nodeScrypt = performance.now() - nodeStart;

    const firstRender = median(opens);
    const unlock = median(unlocks);
    const small = median(bySize.get(SIZES[0]!)!.opens);
    const large = median(bySize.get(largest)!.opens);
    const floorMedian = median(floor.opens);
    const rapid = median(backToBack.opens);
    const sizeRows = SIZES.map((size) => {
      const m = bySize.get(size)!;
      return {
        name: `popup first code painted, ${size.toLocaleString('en-US')} accounts`,
        value: median(m.opens),
        unit: 'ms',
        note: `median of ${OPENS} opens ${IDLE_BETWEEN_OPENS_MS / 1000} s apart; the popup's own work ${median(m.ours).toFixed(0)} ms; p90 ${percentile(m.opens, 90).toFixed(0)} ms`,
      };
    });
    return [
      {
        name: 'floor: a bare extension page painting one row',
        value: floorMedian,
        unit: 'ms',
        note: `median of ${OPENS} opens, navigation start -> the row in the page; p90 ${percentile(floor.opens, 90).toFixed(0)} ms`,
      },
      ...sizeRows,
      {
        name: `popup first code: ${SIZES[SIZES.length - 1]!.toLocaleString('en-US')} vs ${SIZES[0]} accounts`,
        value: large / small,
        unit: 'x',
        budget: '<= 1.2x (aim 1.0x)',
        withinBudget: large / small <= 1.2,
        note: `${large.toFixed(0)} ms vs ${small.toFixed(0)} ms, same run`,
      },
      {
        name: `popup first code painted, ${largest.toLocaleString('en-US')} accounts, opened back to back`,
        value: rapid,
        unit: 'ms',
        note: `median of ${OPENS} opens ${BACK_TO_BACK_MS} ms apart (the last open's whole-list read may still run); the popup's own work ${median(backToBack.ours).toFixed(0)} ms; p90 ${percentile(backToBack.opens, 90).toFixed(0)} ms`,
      },
      {
        name: '  back to back vs the floor',
        value: rapid / floorMedian,
        unit: 'x',
        note: `${rapid.toFixed(0)} ms vs ${floorMedian.toFixed(0)} ms, same run (opens ${IDLE_BETWEEN_OPENS_MS / 1000} s apart, ${SIZES[0]} accounts: ${(small / floorMedian).toFixed(2)}x)`,
      },
      {
        name: `  back to back vs ${SIZES[0]} accounts ${IDLE_BETWEEN_OPENS_MS / 1000} s apart`,
        value: rapid / small,
        unit: 'x',
        budget: '<= 1.2x',
        withinBudget: rapid / small <= 1.2,
        note: `${rapid.toFixed(0)} ms vs ${small.toFixed(0)} ms, same run: a popup's first rows must not wait for the last one's whole-list read`,
      },
      {
        name: `popup first render, ${ACCOUNTS.toLocaleString('en-US')} accounts`,
        value: firstRender,
        unit: 'ms',
        budget: '<= 100 ms (aim 50 ms)',
        withinBudget: firstRender <= 100,
        note: `median of ${OPENS} opens, navigation start -> first code painted; p90 ${percentile(opens, 90).toFixed(0)} ms`,
      },
      {
        name: '  of which the popup\'s own work',
        value: median(ours),
        unit: 'ms',
        note: `popup script start -> first code painted (list, render, decrypt the visible rows); p90 ${percentile(ours, 90).toFixed(0)} ms`,
      },
      {
        name: 'vault unlock (scrypt N=2^15, r=8, p=1)',
        value: unlock,
        unit: 'ms',
        budget: '<= 1 s (aim 0.3 s)',
        withinBudget: unlock <= 1000,
        note: `median of ${UNLOCKS} unlocks in the service worker; the same scrypt in Node: ${nodeScrypt.toFixed(0)} ms`,
      },
    ];
  } finally {
    await browser.close();
  }
};

export default bench;

/**
 * The floor page, written into the built extension for this run only (it never ships): one
 * row painted by a script, with the popup's start and ready marks.
 */
function writeFloorPage(): void {
  writeFileSync(
    join(EXTENSION_DIR, FLOOR_PAGE),
    `<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head><body><script src="bench-floor.js"></script></body></html>`,
  );
  writeFileSync(
    join(EXTENSION_DIR, 'bench-floor.js'),
    `performance.mark(${JSON.stringify(START_MARK)});
const row = document.createElement('div');
row.className = 'floor-row';
row.innerHTML = '<span>Service 0 (user0@example.com)</span> <span data-testid="code">123 456</span>';
document.body.append(row);
performance.mark(${JSON.stringify(READY_MARK)});
`,
  );
}
