/**
 * One failure counter per user, shared by confirm, verify, reset, disable and regenerate,
 * kept in the store (it survives a restart): 5 free failures, then 30 s doubling up to 1 hour,
 * reset by a success, never a permanent lock.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OtpParams } from '../../../shared/otp';
import { makeHarness, wrongCode, type Harness } from './support/harness';

let h: Harness;
let params: OtpParams;
beforeEach(async () => {
  h = await makeHarness();
  ({ params } = await h.enable());
  h.session('alice', { stage: 'password' });
});
afterEach(async () => {
  await h.close();
});

const verify = (code: string) => h.call('POST', '/verify', { body: { code } });
const fail = () => verify(wrongCode(params, h.clock.now));

describe('the failure throttle', () => {
  it('allows 5 failures, then answers 429 throttled with Retry-After: 30, even for the right code', async () => {
    for (let i = 0; i < 5; i++) expect((await fail()).status).toBe(422);
    const r = await verify(h.code(params));
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('throttled');
    expect(r.headers.get('retry-after')).toBe('30');
    expect(r.body.error.retryAfter).toBe(30);
    expect(h.verifiedHeaders).toEqual([]);
  });

  it('counts down Retry-After as time passes', async () => {
    for (let i = 0; i < 5; i++) await fail();
    h.clock.now += 12_000;
    expect((await verify(h.code(params))).headers.get('retry-after')).toBe('18');
  });

  it('lets the right code through once the wait is over', async () => {
    for (let i = 0; i < 5; i++) await fail();
    h.clock.now += 30_000;
    expect((await verify(h.code(params))).status).toBe(200);
  });

  it('doubles the wait after each further failure: 30, 60, 120, 240 s ... capped at one hour', async () => {
    for (let i = 0; i < 5; i++) await fail();
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const blocked = await verify('000000');
      const wait = Number(blocked.headers.get('retry-after'));
      waits.push(wait);
      h.clock.now += wait * 1000;
      expect((await fail()).status).toBe(422);
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });

  it('is never a permanent lock: after an hour the real user gets in', async () => {
    for (let i = 0; i < 40; i++) {
      await fail();
      h.clock.now += 3600_000;
    }
    expect((await verify(h.code(params))).status).toBe(200);
  });

  it('is reset by a success', async () => {
    for (let i = 0; i < 4; i++) await fail();
    expect((await verify(h.code(params))).status).toBe(200);
    h.clock.now += 30_000;
    for (let i = 0; i < 5; i++) expect((await fail()).status).toBe(422);
    expect((await fail()).status).toBe(429);
  });

  it('is one counter shared by confirm, verify, reset, disable and regenerate', async () => {
    const bad = wrongCode(params, h.clock.now);
    h.session('alice', { stage: 'full' });
    const pending = await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
    const statuses = [
      (await h.call('POST', `/enrollments/${pending.body.id}/confirm`, { body: { code: bad } })).status,
      (await h.call('POST', '/enrollments', { body: { code: bad } })).status,
      (await h.call('POST', '/disable', { body: { code: bad } })).status,
      (await h.call('POST', '/recovery-codes', { body: { code: bad } })).status,
    ];
    h.session('alice', { stage: 'password' });
    statuses.push((await verify(bad)).status);
    expect(statuses).toEqual([422, 422, 422, 422, 422]);
    h.session('alice', { stage: 'full' });
    expect((await h.call('POST', '/disable', { body: { code: h.code(params) } })).status).toBe(429);
    expect((await h.call('POST', '/recovery-codes', { body: { code: h.code(params) } })).status).toBe(429);
    expect((await h.call('POST', `/enrollments/${pending.body.id}/confirm`, { body: { code: '123456' } })).status).toBe(429);
  });

  it('counts wrong recovery codes too', async () => {
    for (let i = 0; i < 5; i++) expect((await verify('aaaa-bbbb-cccc-dddd')).status).toBe(422);
    expect((await verify('aaaa-bbbb-cccc-dddd')).status).toBe(429);
  });

  it('is per user', async () => {
    for (let i = 0; i < 6; i++) await fail();
    const bob = await h.enable('bob');
    expect(await h.tf.verifyLogin('bob', h.code(bob.params))).toEqual({ ok: true });
  });

  it('cannot be outrun by a burst of parallel guesses: only 5 are checked', async () => {
    const bad = wrongCode(params, h.clock.now);
    const results = await Promise.all(Array.from({ length: 30 }, () => verify(bad)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 422)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(25);
  });

  it('applies to verifyLogin, which reports the wait', async () => {
    for (let i = 0; i < 5; i++) expect(await h.tf.verifyLogin('alice', '000000')).toMatchObject({ ok: false });
    expect(await h.tf.verifyLogin('alice', h.code(params))).toEqual({ ok: false, reason: 'throttled', retryAfterS: 30 });
  });

  it('emits a throttled event when the account starts waiting, never before', async () => {
    for (let i = 0; i < 4; i++) await fail();
    expect(h.events.filter((e) => e.type === 'throttled')).toEqual([]);
    await fail();
    expect(h.events.filter((e) => e.type === 'throttled')).toEqual([{ type: 'throttled', userId: 'alice', at: h.clock.now }]);
  });

  it('survives a restart (the counter lives in the SQLite file)', async () => {
    for (let i = 0; i < 5; i++) await fail();
    await h.store.close();
    const reopened = await makeHarness({ dbPath: h.dbPath, encryptionKey: h.encryptionKey, now: h.clock.now });
    try {
      expect(await reopened.tf.verifyLogin('alice', reopened.code(params))).toEqual({ ok: false, reason: 'throttled', retryAfterS: 30 });
      reopened.clock.now += 30_000;
      expect(await reopened.tf.verifyLogin('alice', reopened.code(params))).toEqual({ ok: true });
    } finally {
      await reopened.close();
    }
  });
});
