/**
 * Recovery codes: 10 of them, 80 random bits each, shown once, stored hashed, each usable once,
 * wherever a current code is accepted; regenerating kills the old set.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateRecoveryCodes, normalizeRecoveryCode } from '../../../widget/server/recovery-codes';
import { makeHarness, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

const CROCKFORD = /^[0-9abcdefghjkmnpqrstvwxyz]{4}(-[0-9abcdefghjkmnpqrstvwxyz]{4}){3}$/;

describe('issued recovery codes', () => {
  it('are 10, distinct, 16 base32 characters (80 bits) in four groups', async () => {
    const { recoveryCodes } = await h.enable();
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(CROCKFORD);
  });

  it('use every character of the alphabet evenly (no bias, all 80 bits random)', () => {
    const counts = new Map<string, number>();
    const codes = generateRecoveryCodes(2000);
    for (const code of codes) for (const c of code.replace(/-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(32);
    const expected = (2000 * 16) / 32; // 1000 each
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(200); // > 6 sigma
  });

  it('are shown once: GET reports only how many are left', async () => {
    const { recoveryCodes } = await h.enable();
    const status = await h.call('GET', '');
    expect(status.body.recoveryCodesLeft).toBe(10);
    expect(JSON.stringify(status.body)).not.toContain(recoveryCodes[0]);
  });
});

describe('using a recovery code', () => {
  it('signs in once, and only once', async () => {
    const { recoveryCodes } = await h.enable();
    h.session('alice', { stage: 'password' });
    const first = await h.call('POST', '/verify', { body: { code: recoveryCodes[0] } });
    expect(first.status).toBe(200);
    const second = await h.call('POST', '/verify', { body: { code: recoveryCodes[0] } });
    expect(second.status).toBe(422);
    expect(second.body.error.code).toBe('invalid_code');
    expect((await h.tf.status('alice')).recoveryCodesLeft).toBe(9);
  });

  it('is forgiving about case, spaces, hyphens and look-alike letters', async () => {
    const { recoveryCodes } = await h.enable();
    const code = recoveryCodes[1]!;
    const typed = ` ${code.toUpperCase().replace(/-/g, ' ').replace(/1/g, 'I').replace(/0/g, 'O')} `;
    expect(normalizeRecoveryCode(typed)).toBe(code.replace(/-/g, ''));
    expect(await h.tf.verifyLogin('alice', typed)).toEqual({ ok: true });
  });

  it("does not work for another user", async () => {
    const alice = await h.enable('alice');
    await h.enable('bob');
    expect(await h.tf.verifyLogin('bob', alice.recoveryCodes[0]!)).toEqual({ ok: false, reason: 'invalid_code' });
    expect(await h.tf.verifyLogin('alice', alice.recoveryCodes[0]!)).toEqual({ ok: true });
  });

  it('two parallel uses of one code: exactly one succeeds', async () => {
    const { recoveryCodes } = await h.enable();
    const results = await Promise.all([0, 1, 2, 3].map(() => h.tf.verifyLogin('alice', recoveryCodes[2]!)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('emits recovery_code_used (so the site can warn the user)', async () => {
    const { recoveryCodes } = await h.enable();
    await h.tf.verifyLogin('alice', recoveryCodes[0]!);
    expect(h.events.at(-1)).toEqual({ type: 'recovery_code_used', userId: 'alice', at: h.clock.now });
  });
});

describe('POST /recovery-codes', () => {
  it('issues 10 new codes with a current code; every old one dies', async () => {
    const { params, recoveryCodes: old } = await h.enable();
    const r = await h.call('POST', '/recovery-codes', { body: { code: h.code(params) } });
    expect(r.status).toBe(200);
    expect(r.body.recoveryCodes).toHaveLength(10);
    for (const code of r.body.recoveryCodes) expect(code).toMatch(CROCKFORD);
    // Four of the old ones (a fifth failure would start the throttle), then a new one.
    for (const code of old.slice(0, 4)) expect(await h.tf.verifyLogin('alice', code)).toEqual({ ok: false, reason: 'invalid_code' });
    expect(await h.tf.status('alice')).toMatchObject({ recoveryCodesLeft: 10 });
    expect(await h.tf.verifyLogin('alice', r.body.recoveryCodes[0])).toEqual({ ok: true });
    expect(h.events.map((e) => e.type)).toContain('recovery_codes_regenerated');
  });

  it('accepts a recovery code, which is spent like the rest', async () => {
    const { recoveryCodes } = await h.enable();
    const r = await h.call('POST', '/recovery-codes', { body: { code: recoveryCodes[0] } });
    expect(r.status).toBe(200);
    expect((await h.tf.status('alice')).recoveryCodesLeft).toBe(10);
  });

  it('with a wrong code keeps the old codes', async () => {
    const { recoveryCodes } = await h.enable();
    expect((await h.call('POST', '/recovery-codes', { body: { code: '000000' } })).status).toBe(422);
    expect(await h.tf.verifyLogin('alice', recoveryCodes[0]!)).toEqual({ ok: true });
  });
});
