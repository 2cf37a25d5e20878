/**
 * Runs once before the end-to-end suite: checks that Chromium and Firefox exist (failing
 * loudly, never skipping) and builds the Chrome and Firefox extensions the tests load.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromiumPath } from './chromium';
import { firefoxPath } from './firefox';

const ROOT = resolve(import.meta.dirname, '../../..');

export default function setup(): void {
  chromiumPath();
  firefoxPath();
  if (process.env.E2E_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  execFileSync('npm', ['run', '--silent', 'build:firefox'], { cwd: ROOT, stdio: 'inherit' });
}
