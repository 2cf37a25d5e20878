/**
 * The independent code checker every suite uses: oathtool (a C implementation of RFC 4226 and
 * RFC 6238). `oathtoolMissing` lets a unit-test file skip with a message where it is not
 * installed; .ci/run installs it, so CI never skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import type { OtpParams } from '../../shared/otp';

const probe = spawnSync('oathtool', ['--version'], { encoding: 'utf8' });
export const oathtoolMissing = probe.error !== undefined || probe.status !== 0;
if (oathtoolMissing) {
  console.warn('SKIPPED: oathtool is not installed. Install it with `apt-get install -y oathtool` (.ci/run does).');
}

type CodeParams = Pick<OtpParams, 'secret'> & Partial<OtpParams>;

/** The code oathtool computes for `p` at `timestampMs` (TOTP) or at its counter (HOTP, SHA1 only). */
export function oathtoolCode(p: CodeParams, timestampMs: number): string {
  const common = ['-b', '-d', String(p.digits ?? 6)];
  const args =
    (p.type ?? 'totp') === 'totp'
      ? [`--totp=${(p.algorithm ?? 'SHA1').toLowerCase()}`, ...common, '-s', `${p.period ?? 30}s`, '-N', `@${Math.floor(timestampMs / 1000)}`, p.secret]
      : ['--hotp', ...common, '-c', String(p.counter ?? 0), p.secret];
  return execFileSync('oathtool', args, { encoding: 'utf8' }).trim();
}

/** oathtool's TOTP code for a base32 `secret` at `timestampMs`. */
export function oathtoolTotp(secret: string, timestampMs: number, options: { digits?: number; period?: number; algorithm?: OtpParams['algorithm'] } = {}): string {
  return oathtoolCode({ secret, ...options }, timestampMs);
}

/** oathtool's codes at `fromMs` and `toMs`: a reading that straddles a step may show either. */
export function oathtoolTotpBetween(secret: string, fromMs: number, toMs: number, period = 30): string[] {
  return [...new Set([oathtoolTotp(secret, fromMs, { period }), oathtoolTotp(secret, toMs, { period })])];
}
