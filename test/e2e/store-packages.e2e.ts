/**
 * `npm run zip`: the Chrome Web Store package, the Firefox Add-ons package and the sources
 * package Mozilla's reviewers build from. Each is opened as a store would: the Firefox zip
 * passes `web-ext lint` (Mozilla's own linter) with no error; the Chrome zip's manifest has
 * the icons, the CHANGELOG's version and nothing the Chrome Web Store refuses; docs/store
 * explains every permission they ask for.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releasedVersion } from '../../scripts/changelog-version';
import { pngSize } from '../support/png-size';

const ROOT = resolve(import.meta.dirname, '../..');
const VERSION = releasedVersion(readFileSync(resolve(ROOT, 'CHANGELOG.md'), 'utf8'));
const zipPath = (kind: 'chrome' | 'firefox' | 'sources') => resolve(ROOT, `.output/phone-free-authenticator-${VERSION}-${kind}.zip`);
const ICON_SIZES = ['16', '32', '48', '96', '128'];

/** Manifest keys the Chrome Web Store refuses in an upload, with its reason. */
const REFUSED_BY_CHROME_STORE: Record<string, string> = {
  key: 'the store assigns the item its key',
  update_url: 'items hosted in the store are updated by the store',
};

/** web-ext lint warnings we accept, each with its reason. */
const ACCEPTED_LINT_WARNINGS: Record<string, string> = {
  // Preact's renderer supports dangerouslySetInnerHTML; none of our components uses it.
  UNSAFE_VAR_ASSIGNMENT: 'innerHTML inside the Preact runtime',
};

type Manifest = Record<string, unknown> & { manifest_version: number; version: string; name: string; description: string; icons: Record<string, string>; action: { default_icon: Record<string, string> } };
type LintReport = { summary: { errors: number }; errors: unknown[]; warnings: Array<{ code: string; file?: string; message: string }> };

async function openZip(path: string): Promise<JSZip> {
  return JSZip.loadAsync(readFileSync(path));
}

async function manifestOf(zip: JSZip): Promise<Manifest> {
  return JSON.parse(await zip.file('manifest.json')!.async('string')) as Manifest;
}

async function expectIcons(zip: JSZip, icons: Record<string, string>): Promise<void> {
  expect(Object.keys(icons).sort()).toEqual([...ICON_SIZES].sort());
  for (const [size, path] of Object.entries(icons)) {
    const file = zip.file(path);
    expect(file, `${path} is in the package`).not.toBeNull();
    expect(pngSize(await file!.async('nodebuffer'))).toBe(`${size}x${size}`);
  }
}

describe('npm run zip', () => {
  let unpacked: string;

  beforeAll(() => {
    execFileSync('npm', ['run', '--silent', 'zip'], { cwd: ROOT, stdio: 'pipe' });
    unpacked = mkdtempSync(join(tmpdir(), 'pfa-zip-'));
  });
  afterAll(() => {
    if (unpacked) rmSync(unpacked, { recursive: true, force: true });
  });

  it('the Chrome zip: MV3, the CHANGELOG\'s version, icons, texts within the store\'s limits, no refused key', async () => {
    const zip = await openZip(zipPath('chrome'));
    const manifest = await manifestOf(zip);
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.version).toBe(VERSION);
    expect(manifest.name.length).toBeLessThanOrEqual(75);
    expect(manifest.description.length).toBeLessThanOrEqual(132);
    for (const key of Object.keys(REFUSED_BY_CHROME_STORE)) expect(manifest, `${key}: ${REFUSED_BY_CHROME_STORE[key]}`).not.toHaveProperty(key);
    expect(manifest).not.toHaveProperty('browser_specific_settings');
    await expectIcons(zip, manifest.icons);
    await expectIcons(zip, manifest.action.default_icon);
    // The locked-vault icons the worker switches to are packed too.
    for (const size of ICON_SIZES) expect(zip.file(`icons/locked-${size}.png`)).not.toBeNull();
  });

  it('docs/store explains every permission the packages ask for, and has 1280x800 screenshots', async () => {
    const explained = readFileSync(resolve(ROOT, 'docs/store/permissions.md'), 'utf8');
    const asked = new Set<string>();
    for (const kind of ['chrome', 'firefox'] as const) {
      const manifest = await manifestOf(await openZip(zipPath(kind)));
      for (const p of [...((manifest.permissions as string[]) ?? []), ...((manifest.host_permissions as string[]) ?? [])]) asked.add(p);
    }
    for (const permission of asked) expect(explained, permission).toContain(`### \`${permission}\``);
    const shots = readdirSync(resolve(ROOT, 'docs/store/screenshots')).filter((f) => f.endsWith('.png'));
    expect(shots.length).toBeGreaterThanOrEqual(3);
    for (const shot of shots) expect(pngSize(readFileSync(resolve(ROOT, 'docs/store/screenshots', shot))), shot).toBe('1280x800');
  });

  it('the Firefox zip passes web-ext lint with no error and only the known warnings', async () => {
    const zip = await openZip(zipPath('firefox'));
    const manifest = await manifestOf(zip);
    expect(manifest.version).toBe(VERSION);
    expect(manifest.browser_specific_settings).toMatchObject({ gecko: { id: 'authenticator@phone-free-authenticator.dev', strict_min_version: '142.0' } });
    expect(manifest.permissions).not.toContain('offscreen');
    expect(manifest.background).toEqual({ scripts: ['background.js'] });
    await expectIcons(zip, manifest.icons);

    for (const [name, entry] of Object.entries(zip.files)) {
      if (entry.dir) continue;
      const target = join(unpacked, name);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, await entry.async('nodebuffer'));
    }
    let output: string;
    try {
      output = execFileSync('npx', ['web-ext', 'lint', '--source-dir', unpacked, '--output', 'json', '--no-config-discovery'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? ''); // web-ext exits 1 on errors; the report says which
    }
    const report = JSON.parse(output) as LintReport;
    expect(report.errors).toEqual([]);
    expect(report.warnings.filter((w) => !(w.code in ACCEPTED_LINT_WARNINGS))).toEqual([]);
  });

  it('the sources zip holds what builds the add-on, and nothing built or installed', async () => {
    const zip = await openZip(zipPath('sources'));
    const names = Object.keys(zip.files);
    for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'CHANGELOG.md', 'README.md', 'extension/entrypoints/background.ts', 'scripts/changelog-version.ts', 'extension/assets/icons/icon.svg', 'shared/otp/index.ts']) {
      expect(names, needed).toContain(needed);
    }
    for (const prefix of ['node_modules/', '.output/', '.wxt/', 'docs/', 'test/']) {
      expect(names.filter((n) => n.startsWith(prefix)), prefix).toEqual([]);
    }
  });
});
