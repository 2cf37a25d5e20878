/** The independent checker for codes in end-to-end tests: oathtool, at an explicit time. */
import { execFileSync } from 'node:child_process';

export function oathtoolTotp(secret: string, timestampMs: number, options: { digits?: number; period?: number; algorithm?: string } = {}): string {
  return execFileSync(
    'oathtool',
    [`--totp=${(options.algorithm ?? 'SHA1').toLowerCase()}`, '-b', '-d', String(options.digits ?? 6), '-s', `${options.period ?? 30}s`, '-N', `@${Math.floor(timestampMs / 1000)}`, secret],
    { encoding: 'utf8' },
  ).trim();
}

/** oathtool's codes at `fromMs` and `toMs`: a reading that straddles a step may show either. */
export function oathtoolTotpBetween(secret: string, fromMs: number, toMs: number, period = 30): string[] {
  return [...new Set([oathtoolTotp(secret, fromMs, { period }), oathtoolTotp(secret, toMs, { period })])];
}
