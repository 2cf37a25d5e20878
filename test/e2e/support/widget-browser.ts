/**
 * The widget's end-to-end setting: a fresh demo site (temporary data directory, ephemeral port)
 * and a plain headless Chromium (no extension needed), with the widget bundle built first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startDemo, type RunningDemo } from '../../../widget/demo/server';
import { chromiumPath } from './chromium';
import { DemoSite } from './widget-pages';

const ROOT = resolve(import.meta.dirname, '../../..');

/** `npm run build:widget`: the demo serves dist/widget/two-factor.js. */
export function buildWidget(): void {
  execFileSync('npm', ['run', '--silent', 'build:widget'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

export type WidgetWorld = {
  demo: RunningDemo;
  browser: Browser;
  page: Page;
  site: DemoSite;
  close(): Promise<void>;
};

export async function startWidgetWorld(options: { viewport?: { width: number; height: number } } = {}): Promise<WidgetWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pfa-widget-'));
  const demo = await startDemo({ port: 0, dataDir, seedUser: true, onEvent: () => {} });
  const browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-quic'] });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1000, height: 760 } });
  const page = await context.newPage();
  return {
    demo,
    browser,
    page,
    site: new DemoSite(page, demo.url),
    async close() {
      await browser.close();
      await demo.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
