/**
 * An independent check: oathtool (a C implementation) computes the codes from the enrolment's
 * secret, and the server accepts them for set-up and sign-in.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyUri } from '../../../shared/otp';
import { oathtoolTotp as oathtool, oathtoolMissing as missing } from '../../support/oathtool';
import { makeHarness, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

describe.skipIf(missing)('codes from oathtool', () => {
  it('confirm the enrolment and sign in, and a reset to a new secret', async () => {
    const created = await h.call('POST', '/enrollments', { body: {} });
    const { id, secret } = created.body;
    const confirm = await h.call('POST', `/enrollments/${id}/confirm`, { body: { code: oathtool(secret, h.clock.now) } });
    expect(confirm.status).toBe(200);

    h.clock.now += 30_000;
    h.session('alice', { stage: 'password' });
    expect((await h.call('POST', '/verify', { body: { code: oathtool(secret, h.clock.now) } })).status).toBe(200);
    expect((await h.call('POST', '/verify', { body: { code: oathtool(secret, h.clock.now) } })).status).toBe(422);

    h.clock.now += 30_000;
    h.session('alice', { stage: 'full' });
    const reset = await h.call('POST', '/enrollments', { body: { code: oathtool(secret, h.clock.now) } });
    const next = reset.body.secret;
    expect((await h.call('POST', `/enrollments/${reset.body.id}/confirm`, { body: { code: oathtool(next, h.clock.now) } })).status).toBe(200);
    h.clock.now += 30_000;
    expect(await h.tf.verifyLogin('alice', oathtool(secret, h.clock.now))).toEqual({ ok: false, reason: 'invalid_code' });
    expect(await h.tf.verifyLogin('alice', oathtool(next, h.clock.now))).toEqual({ ok: true });
  });

  it('agree with the otpauth URI the enrolment carries (oathtool reads the secret the QR holds)', async () => {
    const created = await h.call('POST', '/enrollments', { body: {} });
    const fromUri = new URL(created.body.otpauthUri).searchParams.get('secret')!;
    expect(fromUri).toBe(created.body.secret);
    const params = parseKeyUri(created.body.otpauthUri);
    for (const offset of [0, 30_000, 3_600_000]) expect(oathtool(fromUri, h.clock.now + offset)).toBe(h.code(params, h.clock.now + offset));
  });
});
