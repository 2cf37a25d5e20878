/**
 * The Firefox MV3 build: `npm run build:firefox` produces a package with a gecko id that
 * `web-ext lint` accepts with no errors, and with no warning except the known one below.
 * (Running the extension in Firefox is a later step; see README, "The extension".)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = resolve(ROOT, '.output/firefox-mv3');

/** Warnings we accept, each with its reason. */
const ACCEPTED_WARNINGS: Record<string, string> = {
  // Preact's renderer supports dangerouslySetInnerHTML; none of our components uses it.
  UNSAFE_VAR_ASSIGNMENT: 'innerHTML inside the Preact runtime',
};

type LintReport = { summary: { errors: number; warnings: number }; errors: unknown[]; warnings: Array<{ code: string; file?: string; message: string }> };

describe('the Firefox build', () => {
  it('passes web-ext lint', () => {
    execFileSync('npm', ['run', '--silent', 'build:firefox'], { cwd: ROOT, stdio: 'pipe' });
    const manifest = JSON.parse(readFileSync(resolve(OUT, 'manifest.json'), 'utf8'));
    expect(manifest.manifest_version).toBe(3);
    expect(manifest.browser_specific_settings.gecko.id).toBe('authenticator@phone-free-authenticator.dev');
    expect(manifest.permissions).not.toContain('offscreen');
    expect(manifest.background.scripts).toEqual(['background.js']);

    let output: string;
    try {
      output = execFileSync('npx', ['web-ext', 'lint', '--source-dir', OUT, '--output', 'json', '--no-config-discovery'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? ''); // web-ext exits 1 on errors; the report says which
    }
    const report = JSON.parse(output) as LintReport;
    expect(report.errors).toEqual([]);
    const unexpected = report.warnings.filter((w) => !(w.code in ACCEPTED_WARNINGS));
    expect(unexpected).toEqual([]);
  });
});
