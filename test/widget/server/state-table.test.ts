/**
 * The state table (docs/http-api.md, "States"): disabled, disabled + pending, enabled, enabled + pending
 * replacement; what each call does in each state.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyUri } from '../../../shared/otp';
import { makeHarness, wrongCode, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

const status = async (user = 'alice') => (await h.call('GET', '', { user })).body;

describe('disabled', () => {
  it('GET reports disabled with nothing pending', async () => {
    expect(await status()).toEqual({ state: 'disabled', enabledAt: null, pendingEnrollment: null, recoveryCodesLeft: 0 });
  });

  it('POST /enrollments {} creates a pending enrolment (201) that GET then names by id and expiry only', async () => {
    const created = await h.call('POST', '/enrollments', { body: {} });
    expect(created.status).toBe(201);
    expect(created.body.expiresAt).toBe(new Date(h.clock.now + 10 * 60_000).toISOString());
    expect((await status()).pendingEnrollment).toEqual({ id: created.body.id, expiresAt: created.body.expiresAt });
  });

  it('returns the same pending enrolment (same secret) on a second POST: a reload shows the same QR', async () => {
    const first = await h.call('POST', '/enrollments', { body: {} });
    h.clock.now += 60_000;
    const second = await h.call('POST', '/enrollments', { body: {} });
    expect(second.body).toEqual(first.body);
  });

  it('replaces the pending enrolment with {restart: true}; the old one can no longer be confirmed', async () => {
    const first = await h.enroll();
    const second = await h.call('POST', '/enrollments', { body: { restart: true } });
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.id);
    expect(second.body.secret).not.toBe(first.secret);
    const stale = await h.call('POST', `/enrollments/${first.id}/confirm`, { body: { code: h.code(first.params) } });
    expect(stale.status).toBe(404);
    expect(stale.body.error.code).toBe('enrollment_not_found');
  });

  it('two concurrent first clicks get one enrolment', async () => {
    const [a, b] = await Promise.all([h.call('POST', '/enrollments', { body: {} }), h.call('POST', '/enrollments', { body: {} })]);
    expect(a.body.id).toBe(b.body.id);
  });

  it('confirm with the right code enables, once, with 10 recovery codes', async () => {
    const e = await h.enroll();
    const r = await h.call('POST', `/enrollments/${e.id}/confirm`, { body: { code: h.code(e.params) } });
    expect(r.status).toBe(200);
    expect(r.body.state).toBe('enabled');
    expect(r.body.enabledAt).toBe(new Date(h.clock.now).toISOString());
    expect(r.body.recoveryCodes).toHaveLength(10);
    expect(await status()).toMatchObject({ state: 'enabled', pendingEnrollment: null, recoveryCodesLeft: 10 });
  });

  it('confirm with a wrong code is 422 and leaves the enrolment pending', async () => {
    const e = await h.enroll();
    const r = await h.call('POST', `/enrollments/${e.id}/confirm`, { body: { code: wrongCode(e.params, h.clock.now) } });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('invalid_code');
    expect((await status()).pendingEnrollment?.id).toBe(e.id);
  });

  it('confirm does not take a recovery-code-shaped value', async () => {
    const e = await h.enroll();
    const r = await h.call('POST', `/enrollments/${e.id}/confirm`, { body: { code: '7k2m-9xqd-4hr8-wz3c' } });
    expect(r.status).toBe(422);
  });

  it('an unknown enrolment id is 404 enrollment_not_found', async () => {
    await h.enroll();
    const r = await h.call('POST', '/enrollments/nope/confirm', { body: { code: '123456' } });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('enrollment_not_found');
  });

  it("another user's enrolment id is 404 for me", async () => {
    const bobs = await h.enroll('bob');
    await h.enroll('alice');
    const r = await h.call('POST', `/enrollments/${bobs.id}/confirm`, { user: 'alice', body: { code: h.code(bobs.params) } });
    expect(r.status).toBe(404);
    expect((await status('bob')).state).toBe('disabled');
  });

  it('disable, verify and regenerate are 409 not_enabled', async () => {
    h.session('alice', { stage: 'full' });
    expect((await h.call('POST', '/disable', { body: { code: '123456' } })).body.error.code).toBe('not_enabled');
    expect((await h.call('POST', '/recovery-codes', { body: { code: '123456' } })).body.error.code).toBe('not_enabled');
    h.session('alice', { stage: 'password' });
    const verify = await h.call('POST', '/verify', { body: { code: '123456' } });
    expect(verify.status).toBe(409);
    expect(verify.body.error.code).toBe('not_enabled');
  });
});

describe('expiry', () => {
  it('a pending enrolment expires after 10 minutes: 410 enrollment_expired, then gone (404)', async () => {
    const e = await h.enroll();
    h.clock.now += 10 * 60_000;
    const code = h.code(e.params);
    const first = await h.call('POST', `/enrollments/${e.id}/confirm`, { body: { code } });
    expect(first.status).toBe(410);
    expect(first.body.error.code).toBe('enrollment_expired');
    const second = await h.call('POST', `/enrollments/${e.id}/confirm`, { body: { code } });
    expect(second.status).toBe(404);
    expect((await status()).state).toBe('disabled');
  });

  it('is still confirmable just before 10 minutes', async () => {
    const e = await h.enroll();
    h.clock.now += 10 * 60_000 - 1;
    const r = await h.call('POST', `/enrollments/${e.id}/confirm`, { body: { code: h.code(e.params) } });
    expect(r.status).toBe(200);
  });

  it('GET hides an expired enrolment and POST /enrollments then makes a new one', async () => {
    const e = await h.enroll();
    h.clock.now += 10 * 60_000;
    expect((await status()).pendingEnrollment).toBeNull();
    const next = await h.enroll();
    expect(next.id).not.toBe(e.id);
  });
});

describe('DELETE /enrollments/{id}', () => {
  it('drops a pending first enrolment: 204, state disabled', async () => {
    const e = await h.enroll();
    const r = await h.call('DELETE', `/enrollments/${e.id}`);
    expect(r.status).toBe(204);
    expect(r.body).toBeNull();
    expect(await status()).toMatchObject({ state: 'disabled', pendingEnrollment: null });
    expect((await h.call('DELETE', `/enrollments/${e.id}`)).status).toBe(404);
  });

  it('drops a pending replacement and leaves the active factor untouched', async () => {
    const { params } = await h.enable();
    const reset = await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
    expect((await h.call('DELETE', `/enrollments/${reset.body.id}`)).status).toBe(204);
    expect(await status()).toMatchObject({ state: 'enabled', pendingEnrollment: null, recoveryCodesLeft: 10 });
    h.clock.now += 30_000;
    expect(await h.tf.verifyLogin('alice', h.code(params))).toEqual({ ok: true });
  });
});

describe('enabled', () => {
  it('POST /enrollments {} is 400 code_required and creates nothing', async () => {
    await h.enable();
    const r = await h.call('POST', '/enrollments', { body: {} });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('code_required');
    expect((await status()).pendingEnrollment).toBeNull();
  });

  it('POST /enrollments with a wrong code is 422 and creates nothing', async () => {
    const { params } = await h.enable();
    const r = await h.call('POST', '/enrollments', { body: { code: wrongCode(params, h.clock.now) } });
    expect(r.status).toBe(422);
    expect((await status()).pendingEnrollment).toBeNull();
  });

  it('reset with a current code, then confirm: the new factor replaces the old, recovery codes kept, none returned', async () => {
    const { params, recoveryCodes } = await h.enable();
    const enabledAt = (await status()).enabledAt;
    const reset = await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
    expect(reset.status).toBe(201);
    const fresh = parseKeyUri(reset.body.otpauthUri);
    expect(fresh.secret).not.toBe(params.secret);
    expect(await status()).toMatchObject({ state: 'enabled', pendingEnrollment: { id: reset.body.id } });
    const confirm = await h.call('POST', `/enrollments/${reset.body.id}/confirm`, { body: { code: h.code(fresh) } });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toEqual({ state: 'enabled', enabledAt });
    expect(await status()).toMatchObject({ state: 'enabled', pendingEnrollment: null, recoveryCodesLeft: 10 });
    h.clock.now += 30_000;
    expect(await h.tf.verifyLogin('alice', h.code(params))).toEqual({ ok: false, reason: 'invalid_code' });
    expect(await h.tf.verifyLogin('alice', recoveryCodes[0]!)).toEqual({ ok: true });
  });

  it('reset accepts a recovery code instead of a current code', async () => {
    const { recoveryCodes } = await h.enable();
    const reset = await h.call('POST', '/enrollments', { body: { code: recoveryCodes[3] } });
    expect(reset.status).toBe(201);
    expect((await status()).recoveryCodesLeft).toBe(9);
  });

  it('while a replacement is pending, POST /enrollments with a code returns the same one; {restart} replaces it', async () => {
    const { params } = await h.enable();
    const first = await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
    h.clock.now += 30_000;
    const again = await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
    expect(again.body).toEqual(first.body);
    h.clock.now += 30_000;
    const restarted = await h.call('POST', '/enrollments', { body: { code: h.code(params), restart: true } });
    expect(restarted.body.id).not.toBe(first.body.id);
  });

  it('disable with a current code deletes the factor, the pending enrolment and the recovery codes', async () => {
    const { params, recoveryCodes } = await h.enable();
    await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
    h.clock.now += 30_000;
    const r = await h.call('POST', '/disable', { body: { code: h.code(params) } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ state: 'disabled' });
    expect(await status()).toEqual({ state: 'disabled', enabledAt: null, pendingEnrollment: null, recoveryCodesLeft: 0 });
    expect(await h.store.countRecoveryCodes('alice')).toBe(0);
    expect(await h.tf.verifyLogin('alice', recoveryCodes[0]!)).toEqual({ ok: false, reason: 'not_enabled' });
  });

  it('disable accepts a recovery code', async () => {
    const { recoveryCodes } = await h.enable();
    expect((await h.call('POST', '/disable', { body: { code: recoveryCodes[0] } })).status).toBe(200);
  });

  it('disable with a wrong code changes nothing', async () => {
    const { params } = await h.enable();
    const r = await h.call('POST', '/disable', { body: { code: wrongCode(params, h.clock.now) } });
    expect(r.status).toBe(422);
    expect((await status()).state).toBe('enabled');
  });

  it('enabling again after disable issues new recovery codes; the old ones stay dead', async () => {
    const { params, recoveryCodes: old } = await h.enable();
    await h.call('POST', '/disable', { body: { code: h.code(params) } });
    const { recoveryCodes: fresh } = await h.enable();
    expect(fresh).toHaveLength(10);
    expect(fresh.filter((c) => old.includes(c))).toEqual([]);
    expect(await h.tf.verifyLogin('alice', old[0]!)).toEqual({ ok: false, reason: 'invalid_code' });
  });

  it('GET and status() never carry a secret or a key URI, in any state and for any full session', async () => {
    const issued: string[] = [];
    /** Every read a full session can make now: fresh GET, stale GET, status(). */
    const reads = async () => {
      h.session('alice', { stage: 'full' });
      const fresh = await h.call('GET', '');
      h.session('alice', { stage: 'full', authenticatedAt: h.clock.now - 24 * 60 * 60_000 });
      const stale = await h.call('GET', '');
      h.session('alice', { stage: 'full' });
      expect([fresh.status, stale.status]).toEqual([200, 200]);
      return [fresh.body, stale.body, await h.tf.status('alice')];
    };
    const expectNoSecret = async (pendingId: string | null) => {
      for (const body of await reads()) {
        const json = JSON.stringify(body);
        expect(json).not.toMatch(/otpauth|secret/i);
        for (const secret of issued) expect(json).not.toContain(secret);
        expect(body.pendingEnrollment).toEqual(pendingId === null ? null : { id: pendingId, expiresAt: expect.any(String) });
      }
    };
    await expectNoSecret(null); // disabled
    const first = await h.enroll();
    issued.push(first.secret);
    await expectNoSecret(first.id); // disabled + pending
    const restarted = await h.enroll('alice', { restart: true });
    issued.push(restarted.secret);
    await expectNoSecret(restarted.id);
    await h.call('POST', `/enrollments/${restarted.id}/confirm`, { body: { code: h.code(restarted.params) } });
    h.clock.now += 30_000;
    await expectNoSecret(null); // enabled
    const reset = await h.call('POST', '/enrollments', { body: { code: h.code(restarted.params) } });
    issued.push(reset.body.secret);
    await expectNoSecret(reset.body.id); // enabled + pending replacement
    h.clock.now += 11 * 60_000;
    await expectNoSecret(null); // the replacement expired
  });

  it('status() is what GET returns', async () => {
    await h.enable();
    expect(await h.tf.status('alice')).toEqual(await status());
  });
});
