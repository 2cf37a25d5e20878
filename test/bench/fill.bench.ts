/**
 * Filling against the product's budgets, in real Chromium with the built extension:
 * - scan click -> confirmation code filled: `authenticator.scan(tabId)` timed in the warm
 *   service worker until it resolves (account saved and the code in the set-up modal's field),
 *   against one bare `captureVisibleTab` in the same run (<= 3x and <= 300 ms, aim 2x);
 * - sign-in field appears -> filled: the page inserts a code field and times, on its own
 *   clock, until the code is in it (<= 50 ms median, aim 20 ms). Each sample is a fresh origin
 *   with its own account, so no sample waits for the next time step. Informational: the same
 *   on a large page that changes every frame (the observer's work stays bounded).
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { generateSecret } from '../../shared/otp';
import { launchWithExtension } from '../e2e/support/chromium';
import { median, percentile, type Bench } from './harness';

/** Scans per mode; the modes alternate (confirmation fill on, off) so both see the same conditions. */
const SCANS = 8;
const CAPTURES = 7;
const APPEARANCES = 25;
const BUSY_APPEARANCES = 10;
/** Chrome allows about two captures per second. */
const CAPTURE_GAP_MS = 600;
const HOSTS = '--host-resolver-rules=MAP *.bench.test 127.0.0.1';

const setupPage = (n: number) => `<!doctype html><meta charset="utf-8"><title>Set up</title>
<body style="font: 16px system-ui; margin: 40px"><h1>Set up two-factor authentication</h1>
<img src="/qr/${n}.png" alt="QR code" width="222" height="222">
<p><label>Code from your authenticator app <input autocomplete="one-time-code" inputmode="numeric" maxlength="6"></label></p></body>`;

const signInPage = `<!doctype html><meta charset="utf-8"><title>Sign in</title><body><main id="main"></main>
<script>
  // ?busy: a large page (5,000 elements, 20 web components) that changes every frame.
  if (location.search === '?busy') {
    const feed = document.createElement('ul');
    feed.innerHTML = Array.from({ length: 2500 }, (_, i) => '<li><span>item ' + i + '</span></li>').join('');
    document.body.prepend(feed);
    for (let i = 0; i < 20; i++) { const host = document.createElement('div'); document.body.append(host); host.attachShadow({ mode: 'open' }).innerHTML = '<p>widget ' + i + '</p>'; }
    const tick = () => { feed.firstElementChild.remove(); feed.append(Object.assign(document.createElement('li'), { textContent: 'new ' + performance.now() })); feed.className = 't' + Math.round(performance.now()); requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  }
  window.insertField = () => new Promise((resolve) => {
    const main = document.getElementById('main');
    main.addEventListener('input', () => resolve(performance.now() - started), { once: true });
    const started = performance.now();
    main.innerHTML = '<form><label for="c">Verification code</label><input id="c" autocomplete="one-time-code" maxlength="6"></form>';
  });
</script></body>`;

const bench: Bench = async () => {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: resolve(import.meta.dirname, '../..'), stdio: 'ignore' });
  const uris = Array.from({ length: 2 * SCANS + 1 }, (_, i) => `otpauth://totp/Bench:scan${i}?secret=${generateSecret()}&issuer=Bench`);
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const qr = /^\/qr\/(\d+)\.png$/.exec(url.pathname);
    if (qr) {
      response.writeHead(200, { 'Content-Type': 'image/png' }).end(execFileSync('qrencode', ['-o', '-', '-s', '6', uris[Number(qr[1])]!]));
    } else if (url.pathname.startsWith('/setup/')) {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(setupPage(Number(url.pathname.slice(7))));
    } else response.writeHead(200, { 'Content-Type': 'text/html' }).end(signInPage);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const port = (server.address() as AddressInfo).port;
  const browser = await launchWithExtension({ args: [HOSTS] });
  const pause = () => new Promise((r) => setTimeout(r, CAPTURE_GAP_MS));
  try {
    const { worker, context } = browser;
    await worker.evaluate(() => globalThis.authenticator!.reset());
    const page = await context.newPage();
    const tabId = async () => worker.evaluate(async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]!.id!);

    // One bare capture of the same page, as the baseline.
    await page.goto(`http://setup.bench.test:${port}/setup/0`);
    const captures: number[] = [];
    for (let i = 0; i < CAPTURES; i++) {
      await pause();
      captures.push(
        await worker.evaluate(async () => {
          const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
          const started = performance.now();
          await chrome.tabs.captureVisibleTab(tab!.windowId, { format: 'png' });
          return performance.now() - started;
        }),
      );
    }

    // Scan click -> saved and filled, alternating with scans that only save (what filling adds);
    // the first scan warms the worker (jsQR's first call is slow).
    const scans: number[] = [];
    const scansWithoutFill: number[] = [];
    for (let i = 0; i <= 2 * SCANS; i++) {
      const fill = i % 2 === 0;
      await worker.evaluate((on) => globalThis.authenticator!.settings({ fillConfirmationAfterScan: on }), fill);
      await page.goto(`http://s${i}.bench.test:${port}/setup/${i}`);
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      await pause();
      const id = await tabId();
      const { ms, filled } = await worker.evaluate(async (tab) => {
        const started = performance.now();
        const result = await globalThis.authenticator!.scan(tab);
        return { ms: performance.now() - started, filled: result.filled };
      }, id);
      const value = await page.locator('input').inputValue();
      if (filled !== fill || /^\d{6}$/.test(value) !== fill) throw new Error(`scan ${i}: filled ${filled}, field "${value.replace(/\d/g, '#')}"`);
      if (i > 0) (fill ? scans : scansWithoutFill).push(ms);
    }

    // Sign-in field appears -> filled, each on its own origin with its own account.
    const appearances: number[] = [];
    for (let i = 0; i < APPEARANCES; i++) {
      const origin = `http://f${i}.bench.test:${port}`;
      await worker.evaluate(([uri, url]) => globalThis.authenticator!.add(uri, url), [`otpauth://totp/Bench:fill${i}?secret=${generateSecret()}&issuer=Bench`, `${origin}/`] as const);
      await page.goto(`${origin}/sign-in`);
      await page.waitForTimeout(150); // the content script starts at document_idle
      appearances.push(await page.evaluate(() => (window as unknown as { insertField(): Promise<number> }).insertField()));
    }

    // The same on a large page that changes every frame: the observer must not fall behind.
    const busy: number[] = [];
    for (let i = 0; i < BUSY_APPEARANCES; i++) {
      const origin = `http://b${i}.bench.test:${port}`;
      await worker.evaluate(([uri, url]) => globalThis.authenticator!.add(uri, url), [`otpauth://totp/Bench:busy${i}?secret=${generateSecret()}&issuer=Bench`, `${origin}/`] as const);
      await page.goto(`${origin}/sign-in?busy`);
      await page.waitForTimeout(300);
      busy.push(await page.evaluate(() => (window as unknown as { insertField(): Promise<number> }).insertField()));
    }

    const capture = median(captures);
    const scan = median(scans);
    const fill = median(appearances);
    return [
      { name: 'bare captureVisibleTab (baseline)', value: capture, unit: 'ms', note: `median of ${CAPTURES}, 1280x720 page` },
      {
        name: 'scan click -> confirmation code filled',
        value: scan,
        unit: 'ms',
        budget: '<= 3x one bare capture and <= 300 ms (aim 2x)',
        withinBudget: scan <= 3 * capture && scan <= 300,
        note: `median of ${SCANS}, warm worker; ${(scan / capture).toFixed(2)}x the bare capture; p90 ${percentile(scans, 90).toFixed(0)} ms`,
      },
      {
        name: 'of which filling the code',
        value: scan - median(scansWithoutFill),
        unit: 'ms',
        note: `the same scan with "fill the confirmation code" off: ${median(scansWithoutFill).toFixed(1)} ms`,
      },
      {
        name: 'sign-in field appears -> filled',
        value: fill,
        unit: 'ms',
        budget: '<= 50 ms median (aim 20 ms)',
        withinBudget: fill <= 50,
        note: `median of ${APPEARANCES}, page clock from insertion to the input event; p90 ${percentile(appearances, 90).toFixed(1)} ms`,
      },
      {
        name: 'the same on a busy page',
        value: median(busy),
        unit: 'ms',
        note: `median of ${BUSY_APPEARANCES}; 5,000 elements and 20 shadow roots, a DOM change every frame; p90 ${percentile(busy, 90).toFixed(1)} ms`,
      },
    ];
  } finally {
    await browser.close();
    server.close();
  }
};

export default bench;
