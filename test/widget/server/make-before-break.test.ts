/**
 * Reset is make-before-break: the old token keeps working until the new one is confirmed, and
 * a reset that is never confirmed (cancelled, expired, abandoned) leaves the old one in place.
 * The same across a SIGKILL of the server is in multi-process.test.ts.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseKeyUri, type OtpParams } from '../../../shared/otp';
import { makeHarness, type Harness } from './support/harness';

let h: Harness;
let old: OtpParams;
let fresh: OtpParams;
let pendingId: string;
beforeEach(async () => {
  h = await makeHarness();
  ({ params: old } = await h.enable());
  const reset = await h.call('POST', '/enrollments', { body: { code: h.code(old) } });
  fresh = parseKeyUri(reset.body.otpauthUri);
  pendingId = reset.body.id;
  h.clock.now += 30_000;
});
afterEach(async () => {
  await h.close();
});

it('while the reset is pending, the old token signs in and the new one does not', async () => {
  for (let i = 0; i < 3; i++) {
    expect(await h.tf.verifyLogin('alice', h.code(fresh))).toEqual({ ok: false, reason: 'invalid_code' });
    expect(await h.tf.verifyLogin('alice', h.code(old))).toEqual({ ok: true });
    h.clock.now += 30_000;
  }
});

it('confirming swaps them: from then on only the new token works', async () => {
  expect((await h.call('POST', `/enrollments/${pendingId}/confirm`, { body: { code: h.code(fresh) } })).status).toBe(200);
  h.clock.now += 30_000;
  expect(await h.tf.verifyLogin('alice', h.code(old))).toEqual({ ok: false, reason: 'invalid_code' });
  expect(await h.tf.verifyLogin('alice', h.code(fresh))).toEqual({ ok: true });
});

it('a wrong confirmation code leaves the old token in place', async () => {
  expect((await h.call('POST', `/enrollments/${pendingId}/confirm`, { body: { code: h.code(old) } })).status).toBe(422);
  expect(await h.tf.verifyLogin('alice', h.code(old))).toEqual({ ok: true });
});

it('an expired reset leaves the old token in place', async () => {
  h.clock.now += 10 * 60_000;
  expect((await h.call('POST', `/enrollments/${pendingId}/confirm`, { body: { code: h.code(fresh) } })).status).toBe(410);
  expect(await h.tf.verifyLogin('alice', h.code(old))).toEqual({ ok: true });
  expect((await h.tf.status('alice')).state).toBe('enabled');
});
