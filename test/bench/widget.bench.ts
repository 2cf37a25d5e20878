/**
 * The widget bundle against the product's budget (gzip <= 16 kB, aim 12 kB, for both elements,
 * Preact, the QR encoder and two languages), and how fast an inserted element renders in
 * Chromium: synchronously to its loading state, and to its loaded state with the real server
 * library answering over loopback.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../e2e/support/chromium';
import { buildWidget } from '../e2e/support/widget-browser';
import { startStrictCspSite } from '../e2e/support/widget-csp-server';
import { median, percentile, type Bench } from './harness';

const BUDGET_BYTES = 16_000;
const AIM_BYTES = 12_000;
const RUNS = 50;

const bench: Bench = async () => {
  buildWidget();
  const raw = readFileSync('dist/widget/two-factor.js');
  const gzipped = gzipSync(raw, { level: 9 }).length;

  const site = await startStrictCspSite();
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.goto(site.url);
    await page.locator('two-factor-settings').getByRole('button', { name: 'Set up Two-Factor Authentication' }).waitFor();
    const samples = await page.evaluate(async (runs) => {
      const rendered: number[] = [];
      const loaded: number[] = [];
      for (let i = 0; i < runs; i++) {
        const element = document.createElement('two-factor-settings');
        element.setAttribute('api', '/api/2fa');
        const done = new Promise<void>((resolve) => {
          const observer = new MutationObserver(() => {
            if (element.shadowRoot?.querySelector('button[part~=primary]')) {
              observer.disconnect();
              resolve();
            }
          });
          observer.observe(element.shadowRoot!, { subtree: true, childList: true });
        });
        const start = performance.now();
        document.body.append(element);
        if (!element.shadowRoot!.querySelector('h2')) throw new Error('no first render');
        rendered.push(performance.now() - start);
        await done;
        loaded.push(performance.now() - start);
        element.remove();
      }
      return { rendered, loaded };
    }, RUNS);
    return [
      {
        name: 'two-factor.js gzip',
        value: gzipped / 1000,
        unit: 'kB',
        budget: '<= 16 kB',
        withinBudget: gzipped <= BUDGET_BYTES,
        note: `aim 12 kB (${gzipped <= AIM_BYTES ? 'met' : 'not met'}); ${(raw.length / 1000).toFixed(1)} kB raw`,
      },
      {
        name: 'insertion -> first render (median)',
        value: median(samples.rendered),
        unit: 'ms',
        note: `p95 ${percentile(samples.rendered, 95).toFixed(2)} ms; synchronous in connectedCallback; Chromium, ${RUNS} runs`,
      },
      {
        name: 'insertion -> loaded state (median)',
        value: median(samples.loaded),
        unit: 'ms',
        note: `p95 ${percentile(samples.loaded, 95).toFixed(2)} ms; GET /api/2fa to the real server library over loopback`,
      },
    ];
  } finally {
    await browser.close();
    await site.close();
  }
};

export default bench;
