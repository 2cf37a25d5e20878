/** The events a site receives (for NIST's out-of-band notices), and the support desk's disableFor. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseKeyUri } from '../../../shared/otp';
import { makeHarness, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

const types = () => h.events.map((e) => e.type);

describe('events', () => {
  it('enabled on the first confirm, with the user and the time', async () => {
    const e = await h.enroll();
    const at = h.clock.now;
    await h.call('POST', `/enrollments/${e.id}/confirm`, { body: { code: h.code(e.params) } });
    expect(h.events).toEqual([{ type: 'enabled', userId: 'alice', at }]);
  });

  it('reset when a replacement is confirmed (not when it is only started)', async () => {
    const { params } = await h.enable();
    const reset = await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
    expect(types()).toEqual(['enabled']);
    await h.call('POST', `/enrollments/${reset.body.id}/confirm`, { body: { code: h.code(parseKeyUri(reset.body.otpauthUri)) } });
    expect(types()).toEqual(['enabled', 'reset']);
  });

  it('disabled on disable; recovery_codes_regenerated on regenerate', async () => {
    const { params } = await h.enable();
    await h.call('POST', '/recovery-codes', { body: { code: h.code(params) } });
    h.clock.now += 30_000;
    await h.call('POST', '/disable', { body: { code: h.code(params) } });
    expect(types()).toEqual(['enabled', 'recovery_codes_regenerated', 'disabled']);
  });

  it('nothing for a cancelled enrolment or a plain sign-in', async () => {
    const { params } = await h.enable();
    h.events.length = 0;
    expect(await h.tf.verifyLogin('alice', h.code(params))).toEqual({ ok: true });
    const e = await h.enroll('bob');
    await h.call('DELETE', `/enrollments/${e.id}`, { user: 'bob' });
    expect(h.events).toEqual([]);
  });
});

describe('disableFor (support desk)', () => {
  it('removes the factor, any pending replacement, the recovery codes and the throttle, and emits disabled', async () => {
    const { params, recoveryCodes } = await h.enable();
    await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
    for (let i = 0; i < 6; i++) await h.tf.verifyLogin('alice', '000000');
    await h.tf.disableFor('alice');
    expect(h.events.at(-1)).toEqual({ type: 'disabled', userId: 'alice', at: h.clock.now });
    expect(await h.tf.status('alice')).toEqual({ state: 'disabled', enabledAt: null, pendingEnrollment: null, recoveryCodesLeft: 0 });
    expect(await h.tf.verifyLogin('alice', recoveryCodes[0]!)).toEqual({ ok: false, reason: 'not_enabled' });
    // The user can enrol again straight away: no throttle left over.
    const again = await h.enroll();
    const r = await h.call('POST', `/enrollments/${again.id}/confirm`, { body: { code: h.code(again.params) } });
    expect(r.status).toBe(200);
    expect(r.body.recoveryCodes).toHaveLength(10);
  });

  it('leaves other users alone, and emits nothing for a user without two-factor', async () => {
    const bob = await h.enable('bob');
    h.events.length = 0;
    await h.tf.disableFor('alice');
    expect(h.events).toEqual([]);
    expect(await h.tf.verifyLogin('bob', h.code(bob.params))).toEqual({ ok: true });
  });
});
