/**
 * The HTTP boundary: routing under the base path, the Origin check on state-changing requests,
 * CORS only for allowed origins, strict JSON bodies (415/413/400) that change nothing when
 * refused, and `Cache-Control: no-store` on every response.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../../shared/protocol/two-factor-api';
import { BASE, ORIGIN, makeHarness, type Harness } from './support/harness';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness({ allowedOrigins: [ORIGIN, 'https://login.acme.test'] });
});
afterEach(async () => {
  await h.close();
});

const status = async () => (await h.call('GET', '')).body;

describe('routing', () => {
  it('returns null for paths outside the base path (the site answers those)', async () => {
    for (const path of ['/', '/api', '/api/2faX', '/api/other', '/sign-in']) {
      expect(await h.tf.handle(new Request(`${ORIGIN}${path}`))).toBeNull();
    }
  });

  it('answers the base path with and without a trailing slash', async () => {
    h.session('alice', { stage: 'full' });
    for (const path of [BASE, `${BASE}/`]) {
      const r = await h.tf.handle(new Request(`${ORIGIN}${path}`, { headers: { 'x-test-user': 'alice' } }));
      expect(r?.status).toBe(200);
    }
  });

  it('answers unknown paths under the base with 404 not_found', async () => {
    const r = await h.call('GET', '/nope');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('not_found');
  });

  it('answers a wrong method with 405 and an Allow header', async () => {
    const r = await h.call('PUT', '/disable', { body: { code: '123456' } });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
  });

  it('honours another basePath', async () => {
    const { createTwoFactor, memoryStore, generateEncryptionKey } = await import('../../../widget/server');
    const tf = createTwoFactor({
      store: memoryStore(),
      issuer: 'X',
      encryptionKey: generateEncryptionKey(),
      allowedOrigins: [ORIGIN],
      basePath: '/account/mfa',
      authenticate: async () => ({ userId: 'u', accountName: 'u', stage: 'full', authenticatedAt: Date.now() }),
    });
    expect(await tf.handle(new Request(`${ORIGIN}/api/2fa`))).toBeNull();
    expect((await tf.handle(new Request(`${ORIGIN}/account/mfa`)))?.status).toBe(200);
  });
});

describe('the Origin check', () => {
  it.each([
    ['missing', null],
    ['another site', 'https://evil.test'],
    ['a look-alike', 'https://acme.test.evil.test'],
    ['another scheme', 'http://acme.test'],
    ['"null"', 'null'],
  ])('refuses POST with an Origin that is %s: 403 forbidden_origin, nothing created', async (_what, origin) => {
    const r = await h.call('POST', '/enrollments', { body: {}, origin });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden_origin');
    expect((await status()).pendingEnrollment).toBeNull();
  });

  it('refuses DELETE from another origin and keeps the enrolment', async () => {
    const e = await h.enroll();
    const r = await h.call('DELETE', `/enrollments/${e.id}`, { origin: 'https://evil.test' });
    expect(r.status).toBe(403);
    expect((await status()).pendingEnrollment?.id).toBe(e.id);
  });

  it('refuses /verify from another origin without spending the code or calling onVerified', async () => {
    const { params } = await h.enable();
    h.session('alice', { stage: 'password' });
    const code = h.code(params);
    expect((await h.call('POST', '/verify', { body: { code }, origin: 'https://evil.test' })).status).toBe(403);
    expect(h.verifiedHeaders).toEqual([]);
    expect((await h.call('POST', '/verify', { body: { code } })).status).toBe(200);
  });

  it('accepts every allowed origin', async () => {
    expect((await h.call('POST', '/enrollments', { body: {}, origin: 'https://login.acme.test' })).status).toBe(201);
  });

  it('does not need an Origin on GET (browsers omit it on same-origin GETs)', async () => {
    expect((await h.call('GET', '', { origin: null })).status).toBe(200);
  });
});

describe('CORS', () => {
  it('gives an allowed origin CORS headers with credentials', async () => {
    const r = await h.call('GET', '', { origin: 'https://login.acme.test' });
    expect(r.headers.get('access-control-allow-origin')).toBe('https://login.acme.test');
    expect(r.headers.get('access-control-allow-credentials')).toBe('true');
    expect(r.headers.get('vary')).toMatch(/Origin/);
  });

  it('gives any other origin no CORS headers, on success and on error', async () => {
    for (const r of [await h.call('GET', '', { origin: 'https://evil.test' }), await h.call('POST', '/enrollments', { body: {}, origin: 'https://evil.test' })]) {
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      expect(r.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('answers a preflight from an allowed origin, and refuses one from another', async () => {
    const ok = await h.call('OPTIONS', '/enrollments', { origin: 'https://login.acme.test', user: null });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://login.acme.test');
    expect(ok.headers.get('access-control-allow-methods')).toBe('POST');
    expect(ok.headers.get('access-control-allow-headers')).toBe('Content-Type');
    const refused = await h.call('OPTIONS', '/enrollments', { origin: 'https://evil.test', user: null });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('request bodies', () => {
  it('refuses a non-JSON content type with 415 and changes nothing', async () => {
    const r = await h.call('POST', '/enrollments', { rawBody: '{}', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('unsupported_media_type');
    expect((await status()).pendingEnrollment).toBeNull();
  });

  it('refuses a form post (what a cross-site HTML form can send) with 415', async () => {
    const r = await h.call('POST', '/enrollments', { rawBody: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(415);
  });

  it('accepts application/json with a charset', async () => {
    const r = await h.call('POST', '/enrollments', { rawBody: '{}', headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(r.status).toBe(201);
  });

  it('refuses a body over 4 KB with 413 (declared length) and changes nothing', async () => {
    const big = JSON.stringify({ code: '1'.repeat(MAX_BODY_BYTES) });
    const r = await h.call('POST', '/enrollments', { rawBody: big });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('payload_too_large');
    expect((await status()).pendingEnrollment).toBeNull();
  });

  it('refuses a streamed body over 4 KB with 413 even without a Content-Length', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const r = await h.call('POST', '/enrollments', { rawBody: stream });
    expect(r.status).toBe(413);
  });

  it('accepts a body of exactly 4 KB', async () => {
    const body = '{}' + ' '.repeat(MAX_BODY_BYTES - 2);
    expect((await h.call('POST', '/enrollments', { rawBody: body })).status).toBe(201);
  });

  it.each([
    ['invalid JSON', '{code:'],
    ['an empty body', ''],
    ['an array', '[]'],
    ['a string', '"123456"'],
    ['null', 'null'],
    ['an unknown field', '{"code":"123456","admin":true}'],
    ['a numeric code', '{"code":123456}'],
    ['restart that is not a boolean', '{"restart":"yes"}'],
    ['a code of 65 characters', JSON.stringify({ code: '1'.repeat(65) })],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d])],
  ])('refuses %s with 400 bad_request and changes nothing', async (_what, rawBody) => {
    const r = await h.call('POST', '/enrollments', { rawBody });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('bad_request');
    expect((await status()).pendingEnrollment).toBeNull();
  });

  it('answers a missing or blank code with 400 code_required', async () => {
    await h.enable();
    for (const body of [{}, { code: '' }, { code: '   ' }]) {
      const r = await h.call('POST', '/disable', { body });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('code_required');
    }
    expect((await status()).state).toBe('enabled');
  });

  it('does not count a malformed request as a failed code', async () => {
    const { params } = await h.enable();
    for (let i = 0; i < 10; i++) await h.call('POST', '/disable', { rawBody: '{"code":1}' });
    expect((await h.call('POST', '/disable', { body: { code: h.code(params) } })).status).toBe(200);
  });
});

describe('Cache-Control: no-store', () => {
  it('is on every response: success, 201, 204, errors, preflight', async () => {
    const e = await h.enroll();
    const responses = [
      await h.call('GET', ''),
      await h.call('POST', '/enrollments', { body: {} }),
      await h.call('DELETE', `/enrollments/${e.id}`),
      await h.call('GET', '/nope'),
      await h.call('POST', '/enrollments', { body: {}, origin: 'https://evil.test' }),
      await h.call('POST', '/enrollments', { rawBody: 'x' }),
      await h.call('GET', '', { user: null }),
      await h.call('OPTIONS', '', { origin: ORIGIN, user: null }),
      await h.call('PATCH', ''),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 201, 204, 404, 403, 400, 401, 204, 405]);
    for (const r of responses) expect(r.headers.get('cache-control')).toBe('no-store');
  });
});
