/**
 * Runs once before the end-to-end suite: checks that Chromium exists (failing loudly, never
 * skipping) and builds the extension the tests load.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { chromiumPath } from './chromium';

const ROOT = resolve(import.meta.dirname, '../../..');

export default function setup(): void {
  chromiumPath();
  if (process.env.E2E_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
