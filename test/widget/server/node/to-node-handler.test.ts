/**
 * toNodeHandler over a real node:http server on loopback: what it answers, what it leaves to
 * the app (with the body unread), the 4 KB limit enforced without reading the rest, the request
 * URL with and without a trusted proxy, and the library's Origin and content-type rules intact.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTwoFactor, generateEncryptionKey, memoryStore } from '../../../../widget/server';
import { toNodeHandler, type NodeHandlerOptions } from '../../../../widget/server/node/to-node-handler';
import { MAX_BODY_BYTES } from '../../../../shared/protocol/two-factor-api';
import { oathtoolMissing, oathtoolTotp } from '../../../support/oathtool';

const ORIGIN = 'https://acme.test';
const seenUrls: string[] = [];

function twoFactor() {
  return createTwoFactor({
    store: memoryStore(),
    issuer: 'Acme',
    encryptionKey: generateEncryptionKey(),
    allowedOrigins: [ORIGIN],
    async authenticate(request) {
      seenUrls.push(request.url);
      const user = request.headers.get('x-user');
      const stage = request.headers.get('x-stage') === 'password' ? 'password' : 'full';
      return user ? { userId: user, accountName: user, stage, authenticatedAt: Date.now() } : null;
    },
    async onVerified() {
      return [
        ['Set-Cookie', 'a=1; HttpOnly'],
        ['Set-Cookie', 'b=2; HttpOnly'],
      ];
    },
  });
}

type App = { url: string; server: Server; appBodies: string[] };

/** A node:http app: the handler first, then the app's own routes, which read their whole body. */
async function startApp(options: NodeHandlerOptions & { withNext?: boolean } = {}): Promise<App> {
  const handler = toNodeHandler(twoFactor(), options);
  const appBodies: string[] = [];
  const appRoute = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      appBodies.push(body);
      res.end(`app saw ${body.length} bytes`);
    });
  };
  const server = createServer((req, res) => (options.withNext === false ? handler(req, res) : handler(req, res, (error) => (error ? res.end('error') : appRoute(req, res)))));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, appBodies };
}

const apps: App[] = [];
async function app(options?: Parameters<typeof startApp>[0]) {
  const started = await startApp(options);
  apps.push(started);
  return started;
}
afterEach(() => {
  seenUrls.length = 0;
});
afterAll(async () => {
  for (const a of apps) {
    a.server.closeAllConnections();
    await new Promise((resolve) => a.server.close(resolve));
  }
});

describe('toNodeHandler', () => {
  let shared: App;
  beforeAll(async () => {
    shared = await app();
  });

  it.skipIf(oathtoolMissing)('answers under the base path with the handler’s headers, each Set-Cookie on its own', async () => {
    const status = await fetch(`${shared.url}/api/2fa`, { headers: { 'x-user': 'alice' } });
    expect(status.status).toBe(200);
    expect(status.headers.get('cache-control')).toBe('no-store');
    expect(await status.json()).toMatchObject({ state: 'disabled', pendingEnrollment: null });

    // Enrol and confirm with oathtool's code, then sign in: the handler's two cookies arrive apart.
    const json = { 'x-user': 'alice', origin: ORIGIN, 'content-type': 'application/json' };
    const enrolment = await (await fetch(`${shared.url}/api/2fa/enrollments`, { method: 'POST', headers: json, body: '{}' })).json();
    const now = Date.now();
    const confirm = await fetch(`${shared.url}/api/2fa/enrollments/${enrolment.id}/confirm`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ code: oathtoolTotp(enrolment.secret, now - 30_000) }),
    });
    expect(confirm.status).toBe(200);
    const verify = await fetch(`${shared.url}/api/2fa/verify`, {
      method: 'POST',
      headers: { ...json, 'x-stage': 'password' },
      body: JSON.stringify({ code: oathtoolTotp(enrolment.secret, now) }),
    });
    expect(verify.status).toBe(200);
    expect(verify.headers.getSetCookie()).toEqual(['a=1; HttpOnly', 'b=2; HttpOnly']);
  });

  it('passes other paths to next() with the body unread, so the app’s route reads all of it', async () => {
    const body = 'x'.repeat(3 * MAX_BODY_BYTES);
    const response = await fetch(`${shared.url}/upload`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await response.text()).toBe(`app saw ${body.length} bytes`);
    expect(shared.appBodies.at(-1)).toBe(body);
  });

  it('answers 404 outside the base path when there is no next (plain http.createServer)', async () => {
    const bare = await app({ withNext: false });
    const response = await fetch(`${bare.url}/elsewhere`);
    expect(response.status).toBe(404);
    expect((await fetch(`${bare.url}/api/2fa`)).status).toBe(401);
  });

  it('keeps the Origin and content-type rules: 403 without an allowed Origin, 415 without JSON', async () => {
    const noOrigin = await fetch(`${shared.url}/api/2fa/enrollments`, { method: 'POST', headers: { 'x-user': 'bob', 'content-type': 'application/json' }, body: '{}' });
    expect(noOrigin.status).toBe(403);
    const wrongOrigin = await fetch(`${shared.url}/api/2fa/enrollments`, {
      method: 'POST',
      headers: { 'x-user': 'bob', origin: 'https://evil.test', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrongOrigin.status).toBe(403);
    const form = await fetch(`${shared.url}/api/2fa/enrollments`, { method: 'POST', headers: { 'x-user': 'bob', origin: ORIGIN, 'content-type': 'text/plain' }, body: '{}' });
    expect(form.status).toBe(415);
    const ok = await fetch(`${shared.url}/api/2fa/enrollments`, { method: 'POST', headers: { 'x-user': 'bob', origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ account: 'bob', issuer: 'Acme' });
  });

  it('refuses a body over 4 KB with a declared length: 413 without reading it, connection closed', async () => {
    const reply = await rawRequest(shared.url, {
      headers: { 'content-length': String(MAX_BODY_BYTES + 1) },
      // Only part of the declared body is ever sent: the answer cannot wait for the rest.
      chunks: ['{"code":"'],
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe('close');
  });

  it('refuses a chunked body once it passes 4 KB, without waiting for its end', async () => {
    const reply = await rawRequest(shared.url, {
      headers: { 'transfer-encoding': 'chunked' },
      // 5 KB sent, and the request is never finished.
      chunks: ['{"code":"', 'x'.repeat(MAX_BODY_BYTES + 1000)],
    });
    expect(reply.status).toBe(413);
    expect(reply.headers.connection).toBe('close');
    expect(JSON.parse(reply.body)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('accepts a chunked body just under the limit', async () => {
    const body = JSON.stringify({ code: '1'.repeat(10) });
    const reply = await rawRequest(shared.url, { headers: { 'transfer-encoding': 'chunked' }, chunks: [body.slice(0, 5), body.slice(5)], end: true });
    // A well-formed code for a user without a pending enrolment: the rule answers, not the limit.
    expect(reply.status).toBe(404);
  });

  it('uses a body a parser already read (express.json() mounted first)', async () => {
    const handler = toNodeHandler(twoFactor());
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        Object.assign(req, { body: {} });
        handler(req, res, () => res.end('next'));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apps.push({ server, url: '', appBodies: [] });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const response = await fetch(`${url}/api/2fa/enrollments`, { method: 'POST', headers: { 'x-user': 'carol', origin: ORIGIN, 'content-type': 'application/json' }, body: '{"ignored":1}' });
    expect(response.status).toBe(201);
  });

  it('builds the URL from Host only, ignoring X-Forwarded-* unless the proxy is trusted', async () => {
    await fetch(`${shared.url}/api/2fa`, { headers: { 'x-user': 'alice', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.test' } });
    expect(seenUrls.at(-1)).toBe(`${shared.url}/api/2fa`);

    const proxied = await app({ trustProxy: true });
    await fetch(`${proxied.url}/api/2fa?x=1`, { headers: { 'x-user': 'alice', 'x-forwarded-proto': 'http, https', 'x-forwarded-host': 'spoofed.test, acme.test' } });
    expect(seenUrls.at(-1)).toBe('https://acme.test/api/2fa?x=1');
  });

  it('routes on the URL before mounting (Express and Connect set originalUrl)', async () => {
    const handler = toNodeHandler(twoFactor());
    const server = createServer((req, res) => {
      Object.assign(req, { originalUrl: req.url, url: '/' });
      handler(req, res, () => res.end('next'));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apps.push({ server, url: '', appBodies: [] });
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/2fa`, { headers: { 'x-user': 'dave' } });
    expect(response.status).toBe(200);
  });

  it('refuses anything but a two-factor object', () => {
    expect(() => toNodeHandler({} as never)).toThrow(/createTwoFactor\(\)/);
  });
});

type RawReply = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** A POST to /api/2fa/verify written by hand, so a test can send part of a body and never end it. */
function rawRequest(base: string, o: { headers: Record<string, string>; chunks: string[]; end?: boolean }): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/api/2fa/enrollments/x/confirm`, {
      method: 'POST',
      headers: { 'x-user': 'erin', origin: ORIGIN, 'content-type': 'application/json', ...o.headers },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() });
        req.destroy();
      });
    });
    req.on('error', reject);
    for (const chunk of o.chunks) req.write(chunk);
    if (o.end) req.end();
    else req.flushHeaders();
  });
}
