/**
 * `@phone-free/authenticator` as a test engineer gets it: `npm pack` makes the tarball, which
 * is installed into an empty folder outside the repository with `playwright-core`,
 * `@playwright/test`, `typescript` and `@types/node` from the registry (the folder is cached
 * under the OS temp dir by the tarball's hash and those versions, so reruns skip the
 * install). There a strict TypeScript consumer type-checks, and `playwright test` runs a spec
 * that uses the fixture against the demo site (fixtures/authenticator-package/).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDemo, type RunningDemo } from '../../widget/demo/server';
import { chromiumPath } from './support/chromium';
import { buildWidget } from './support/widget-browser';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = resolve(import.meta.dirname, 'fixtures/authenticator-package');
const run = promisify(execFile);
const version = (name: string) => (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
/** What the stranger installs beside the tarball: the versions this repository tests with. */
const CACHE_PREFIX = 'pfa-authenticator-consumer-';
const REGISTRY_PACKAGES = ['playwright-core', '@playwright/test', 'typescript', '@types/node'].map((name) => `${name}@${version(name)}`);

let packDir: string;
let tarball: string;
let packed: string[];
let consumer: string;
let demo: RunningDemo;
let dataDir: string;

/** Runs a command, failing with its output (the test's only window into a child's failure). */
async function sh(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number }): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeout ?? 240_000, maxBuffer: 32 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${options.cwd}:\n${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** The consumer folder for this tarball: installed once, then reused while nothing changes. */
async function installedConsumer(tgz: string): Promise<string> {
  const key = createHash('sha256').update(readFileSync(tgz)).update(REGISTRY_PACKAGES.join(' ')).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `${CACHE_PREFIX}${key}`);
  if (!existsSync(join(dir, 'node_modules', '@phone-free', 'authenticator', 'package.json'))) {
    // Install beside it, then rename: an interrupted install never looks finished.
    const staging = mkdtempSync(`${dir}-installing-`);
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'authenticator-consumer', private: true }, null, 2));
    cpSync(tgz, join(staging, 'phone-free-authenticator.tgz'));
    await sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', './phone-free-authenticator.tgz', ...REGISTRY_PACKAGES], { cwd: staging });
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  for (const file of readdirSync(FIXTURES)) cpSync(join(FIXTURES, file), join(dir, file));
  const now = new Date();
  utimesSync(dir, now, now);
  pruneStale(dir);
  return dir;
}

/** Each change to the package makes a new tarball and folder: drop the ones no run used for a day. */
function pruneStale(current: string): void {
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!name.startsWith(CACHE_PREFIX) || path === current) continue;
    try {
      if (statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}

beforeAll(async () => {
  buildWidget();
  dataDir = mkdtempSync(join(tmpdir(), 'pfa-package-demo-'));
  demo = await startDemo({ port: 0, dataDir, seedUser: false, onEvent: () => {} });
  packDir = mkdtempSync(join(tmpdir(), 'pfa-pack-'));
  // The end-to-end setup built both extensions already; prepack builds the rest of the package.
  const out = await sh('npm', ['pack', '--json', '--pack-destination', packDir, '-w', 'packages/authenticator'], {
    cwd: ROOT,
    env: { ...process.env, AUTHENTICATOR_SKIP_EXTENSION_BUILD: '1' },
  });
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(packDir, info!.filename);
  packed = info!.files.map((f) => f.path);
  consumer = await installedConsumer(tarball);
}, 400_000);

afterAll(async () => {
  await demo?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

describe('@phone-free/authenticator from its tarball', () => {
  test('holds the built extension, the helper as ESM with declarations, the README and the LICENSE: no source', () => {
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'chrome-mv3/manifest.json', 'chrome-mv3/background.js', 'firefox-mv3/manifest.json', 'dist/index.js', 'dist/index.d.ts', 'dist/playwright.js', 'dist/playwright.d.ts']));
    expect(packed.filter((path) => /\.tsx?$/.test(path) && !path.endsWith('.d.ts'))).toEqual([]);
    expect(packed.filter((path) => !/^(package\.json|README\.md|LICENSE|chrome-mv3\/.+|firefox-mv3\/.+|dist\/.+)$/.test(path))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(ROOT, '.output/chrome-mv3/manifest.json'), 'utf8')) as { version: string };
    const pkg = JSON.parse(readFileSync(join(consumer, 'node_modules/@phone-free/authenticator/package.json'), 'utf8')) as { version: string; peerDependencies: Record<string, string> };
    expect(pkg.version).toBe(manifest.version);
    expect(pkg.peerDependencies).toEqual({ 'playwright-core': '>=1.50', '@playwright/test': '>=1.50' });
  });

  test('is installed as files in the consumer folder, outside the repository', () => {
    expect(consumer.startsWith(ROOT)).toBe(false);
    const installed = realpathSync(join(consumer, 'node_modules/@phone-free/authenticator'));
    expect(installed.startsWith(realpathSync(consumer))).toBe(true);
    expect(existsSync(join(installed, 'chrome-mv3/manifest.json'))).toBe(true);
    expect(existsSync(join(installed, 'firefox-mv3/manifest.json'))).toBe(true);
  });

  test('a strict TypeScript consumer type-checks (NodeNext and Bundler resolution)', async () => {
    const tsc = join(consumer, 'node_modules/.bin/tsc');
    await sh(tsc, ['-p', 'tsconfig.json'], { cwd: consumer });
    await sh(tsc, ['-p', 'tsconfig.bundler.json'], { cwd: consumer });
  }, 120_000);

  test('the fixture spec runs against the demo site: enrol by scan, fill, nextCode, a look-alike site, the page given', async () => {
    const resultsFile = join(consumer, 'results.json');
    rmSync(resultsFile, { force: true });
    const env = { ...process.env, DEMO_URL: demo.url.replace(/\/$/, ''), CHROMIUM_PATH: chromiumPath(), NODE_PATH: '', CI: '1' };
    await sh(join(consumer, 'node_modules/.bin/playwright'), ['test'], { cwd: consumer, env, timeout: 300_000 });
    type Spec = { title: string; tests: Array<{ results: Array<{ status: string }> }> };
    const report = JSON.parse(readFileSync(resultsFile, 'utf8')) as { suites: Array<{ specs: Spec[] }> };
    const outcomes = report.suites.flatMap((s) => s.specs).map((s) => [s.title, s.tests.flatMap((t) => t.results.map((r) => r.status))]);
    expect(outcomes).toEqual([
      [expect.stringMatching(/^enrol by scanning the QR code/), ['passed']],
      [expect.stringMatching(/^scan\(page\) and fill\(page\) act on the page given/), ['passed']],
    ]);
  }, 360_000);
});
