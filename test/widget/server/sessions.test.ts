/**
 * Who may call what: /verify only for `password` sessions (with onVerified's headers on its
 * response); everything else needs a `full` session, and the changing calls a fresh one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.close();
});

const TEN_MINUTES = 10 * 60_000;

describe('no session', () => {
  it.each([
    ['GET', ''],
    ['POST', '/enrollments'],
    ['POST', '/enrollments/x/confirm'],
    ['DELETE', '/enrollments/x'],
    ['POST', '/disable'],
    ['POST', '/verify'],
    ['POST', '/recovery-codes'],
  ])('%s %s is 401 unauthenticated', async (method, path) => {
    const body = method === 'POST' ? (path === '/enrollments' ? {} : { code: '123456' }) : undefined;
    const r = await h.call(method, path, { user: null, body });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
  });
});

describe('POST /verify', () => {
  it('works for a password session and puts the onVerified headers on the response', async () => {
    const { params } = await h.enable();
    h.session('alice', { stage: 'password' });
    const r = await h.call('POST', '/verify', { body: { code: h.code(params) } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true });
    expect(r.headers.getSetCookie()).toEqual(['session=full-alice; HttpOnly; SameSite=Lax']);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(h.verifiedHeaders).toEqual([{ userId: 'alice' }]);
  });

  it('does not call onVerified when the code is wrong', async () => {
    await h.enable();
    h.session('alice', { stage: 'password' });
    const r = await h.call('POST', '/verify', { body: { code: '000000' } });
    expect(r.status).toBe(422);
    expect(r.headers.get('set-cookie')).toBeNull();
    expect(h.verifiedHeaders).toEqual([]);
  });

  it('is refused to a full session, and the code is not spent', async () => {
    const { params } = await h.enable();
    const code = h.code(params);
    h.session('alice', { stage: 'full' });
    const r = await h.call('POST', '/verify', { body: { code } });
    expect(r.status).toBe(400);
    expect(h.verifiedHeaders).toEqual([]);
    expect(await h.tf.verifyLogin('alice', code)).toEqual({ ok: true });
  });
});

describe('a password session (second factor still owed)', () => {
  it.each([
    ['GET', '', undefined],
    ['POST', '/enrollments', {}],
    ['POST', '/disable', { code: '123456' }],
    ['POST', '/recovery-codes', { code: '123456' }],
    ['DELETE', '/enrollments/x', undefined],
  ])('cannot %s %s (401 unauthenticated)', async (method, path, body) => {
    h.session('alice', { stage: 'password' });
    const r = await h.call(method, path, { body });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
  });

  it('cannot read a pending secret through GET', async () => {
    await h.enroll();
    h.session('alice', { stage: 'password' });
    const r = await h.call('GET', '');
    expect(r.status).toBe(401);
    expect(JSON.stringify(r.body)).not.toMatch(/secret/);
  });
});

describe('freshness (freshAuthMs, default 10 minutes)', () => {
  it('enrol needs a password check within 10 minutes: 401 reauthentication_required after', async () => {
    h.session('alice', { stage: 'full', authenticatedAt: h.clock.now - TEN_MINUTES - 1 });
    const r = await h.call('POST', '/enrollments', { body: {} });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('reauthentication_required');
    expect((await h.call('GET', '')).body.pendingEnrollment).toBeNull();
  });

  it('exactly 10 minutes old is still fresh', async () => {
    h.session('alice', { stage: 'full', authenticatedAt: h.clock.now - TEN_MINUTES });
    expect((await h.call('POST', '/enrollments', { body: {} })).status).toBe(201);
  });

  it.each([
    ['confirm', 'POST', (id: string) => `/enrollments/${id}/confirm`],
    ['reset', 'POST', () => '/enrollments'],
    ['disable', 'POST', () => '/disable'],
    ['regenerate', 'POST', () => '/recovery-codes'],
  ])('%s with a stale session is 401 reauthentication_required and spends no code', async (_name, method, path) => {
    const { params } = await h.enable();
    const pending = await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
    h.clock.now += 30_000;
    h.session('alice', { stage: 'full', authenticatedAt: h.clock.now - TEN_MINUTES - 1 });
    const code = h.code(params);
    const r = await h.call(method, path(pending.body.id), { body: { code } });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('reauthentication_required');
    expect(await h.tf.verifyLogin('alice', code)).toEqual({ ok: true });
  });

  it('GET and DELETE of a pending enrolment only need a full session, however old', async () => {
    const e = await h.enroll();
    h.session('alice', { stage: 'full', authenticatedAt: h.clock.now - 24 * 60 * 60_000 });
    expect((await h.call('GET', '')).status).toBe(200);
    expect((await h.call('DELETE', `/enrollments/${e.id}`)).status).toBe(204);
  });

  it('freshAuthMs is configurable', async () => {
    const short = await (await import('./support/harness')).makeHarness({ freshAuthMs: 60_000 });
    short.session('alice', { stage: 'full', authenticatedAt: short.clock.now - 60_001 });
    expect((await short.call('POST', '/enrollments', { body: {} })).body.error.code).toBe('reauthentication_required');
    await short.close();
  });
});
