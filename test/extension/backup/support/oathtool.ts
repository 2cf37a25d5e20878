/**
 * The independent code checker for imported accounts: oathtool (a C implementation).
 * `oathtoolMissing` lets a file skip with a message where it is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import type { OtpParams } from '../../../../shared/otp';

const probe = spawnSync('oathtool', ['--version'], { encoding: 'utf8' });
export const oathtoolMissing = probe.error !== undefined || probe.status !== 0;
if (oathtoolMissing) {
  console.warn('SKIPPED: oathtool is not installed. Install it with `apt-get install -y oathtool` (.ci/run does).');
}

/** The code oathtool computes for `p` at `timestampMs` (TOTP) or at its counter (HOTP, SHA1 only). */
export function oathtoolCode(p: OtpParams, timestampMs: number): string {
  const common = ['-b', '-d', String(p.digits)];
  const args =
    p.type === 'totp'
      ? [`--totp=${p.algorithm.toLowerCase()}`, ...common, '-s', `${p.period}s`, '-N', `@${Math.floor(timestampMs / 1000)}`, p.secret]
      : ['--hotp', ...common, '-c', String(p.counter), p.secret];
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}
