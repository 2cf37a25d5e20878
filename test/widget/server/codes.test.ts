/**
 * What the server issues and which codes it accepts: 160-bit CSPRNG secrets, SHA1 / 6 digits /
 * 30 s, a window of one step either side, and every code single use per factor (the set-up
 * code included).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeHarness, wrongCode, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.close();
});

const verify = (code: string, user = 'alice') => {
  h.session(user, { stage: 'password' });
  return h.call('POST', '/verify', { user, body: { code } });
};

describe('issued secrets', () => {
  it('are 160 bits, base32, SHA1, 6 digits, 30 s, and named after the issuer and account', async () => {
    const e = await h.enroll();
    expect(e.secret).toMatch(/^[A-Z2-7]{32}$/); // 32 base32 characters = 160 bits
    expect(e).toMatchObject({ algorithm: 'SHA1', digits: 6, period: 30, issuer: 'Acme Test', account: 'alice@acme.test' });
    expect(e.params).toMatchObject({ type: 'totp', secret: e.secret, algorithm: 'SHA1', digits: 6, period: 30, issuer: 'Acme Test', account: 'alice@acme.test' });
  });

  it('come from the CSPRNG (crypto.getRandomValues)', async () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    await h.enroll();
    expect(spy.mock.calls.some(([array]) => (array as Uint8Array).length === 20)).toBe(true);
  });

  it('differ for every enrolment', async () => {
    const secrets = new Set<string>();
    for (let i = 0; i < 20; i++) secrets.add((await h.enroll(`user${i}`)).secret);
    expect(secrets.size).toBe(20);
  });
});

describe('the window', () => {
  it.each([
    { steps: -2, accepted: false },
    { steps: -1, accepted: true },
    { steps: 0, accepted: true },
    { steps: 1, accepted: true },
    { steps: 2, accepted: false },
  ])('a code $steps step(s) away is accepted: $accepted', async ({ steps, accepted }) => {
    const { params } = await h.enable();
    h.clock.now += 90_000; // well past the set-up step, so only the window decides
    const result = await verify(h.code(params, h.clock.now + steps * 30_000));
    expect(result.status).toBe(accepted ? 200 : 422);
  });

  it('rejects wrong codes, too-short and non-digit codes as invalid_code', async () => {
    const { params } = await h.enable();
    for (const code of [wrongCode(params, h.clock.now), h.code(params).slice(0, 5), 'abcdef']) {
      const r = await verify(code);
      expect(r.status).toBe(422);
      expect(r.body.error.code).toBe('invalid_code');
    }
  });

  it('accepts a code typed with a space in the middle', async () => {
    const { params } = await h.enable();
    const code = h.code(params);
    expect((await verify(`${code.slice(0, 3)} ${code.slice(3)}`)).body).toEqual({ ok: true });
  });
});

describe('single use', () => {
  it('refuses the same code twice', async () => {
    const { params } = await h.enable();
    const code = h.code(params);
    expect((await verify(code)).status).toBe(200);
    const again = await verify(code);
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('invalid_code');
  });

  it('refuses an older step once a later one was accepted (next-step code used first)', async () => {
    const { params } = await h.enable();
    expect((await verify(h.code(params, h.clock.now + 30_000))).status).toBe(200);
    expect((await verify(h.code(params, h.clock.now))).status).toBe(422);
  });

  it('counts the set-up code as used: it cannot then sign in', async () => {
    const e = await h.enroll();
    const code = h.code(e.params);
    expect((await h.call('POST', `/enrollments/${e.id}/confirm`, { body: { code } })).status).toBe(200);
    expect((await verify(code)).status).toBe(422);
  });

  it('refuses a set-up code that was already used to confirm (no second confirm)', async () => {
    const e = await h.enroll();
    const code = h.code(e.params);
    expect((await h.call('POST', `/enrollments/${e.id}/confirm`, { body: { code } })).status).toBe(200);
    const again = await h.call('POST', `/enrollments/${e.id}/confirm`, { body: { code } });
    expect(again.status).toBe(404);
  });

  it('is per factor: a reset starts a factor whose first code is accepted even in the same step', async () => {
    const old = await h.enable();
    const reset = await h.call('POST', '/enrollments', { body: { code: h.code(old.params) } });
    expect(reset.status).toBe(201);
    const fresh = (await import('../../../shared/otp')).parseKeyUri(reset.body.otpauthUri);
    const confirm = await h.call('POST', `/enrollments/${reset.body.id}/confirm`, { body: { code: h.code(fresh) } });
    expect(confirm.status).toBe(200);
    h.clock.now += 30_000;
    expect((await verify(h.code(fresh))).status).toBe(200);
    expect((await verify(h.code(fresh))).status).toBe(422);
  });

  it('holds for verifyLogin too', async () => {
    const { params } = await h.enable();
    const code = h.code(params);
    expect(await h.tf.verifyLogin('alice', code)).toEqual({ ok: true });
    expect(await h.tf.verifyLogin('alice', code)).toEqual({ ok: false, reason: 'invalid_code' });
  });
});
