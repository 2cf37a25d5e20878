/**
 * A page served with exactly `Content-Security-Policy: default-src 'self'` (no 'unsafe-inline'),
 * holding the built widget and, on the same origin, the real server library (memory store, one
 * signed-in user): what a site with a strict CSP looks like.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createTwoFactor, generateEncryptionKey, memoryStore, type TwoFactor } from '../../../widget/server';

export const STRICT_CSP = "default-src 'self'";
const BUNDLE = resolve(import.meta.dirname, '../../../dist/widget/two-factor.js');

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Strict CSP</title><script type="module" src="/two-factor.js"></script></head>
<body><main><h1>Account</h1><two-factor-settings api="/api/2fa"></two-factor-settings></main></body>
</html>`;

export async function startStrictCspSite(): Promise<{ url: string; close(): Promise<void> }> {
  const bundle = readFileSync(BUNDLE);
  let twoFactor: TwoFactor | null = null;
  // Listen first: the allowed origin names the port.
  const server: ServerType = await new Promise((done) => {
    const s = serve({ port: 0, hostname: '127.0.0.1', fetch: (request) => respond(request) }, () => done(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  twoFactor = createTwoFactor({
    store: memoryStore(),
    issuer: 'Strict CSP Shop',
    encryptionKey: generateEncryptionKey(),
    allowedOrigins: [origin],
    authenticate: async () => ({ userId: 'u1', accountName: 'csp@example.com', stage: 'full', authenticatedAt: Date.now() }),
  });

  async function respond(request: Request): Promise<Response> {
    const api = await twoFactor?.handle(request);
    if (api) return api;
    const path = new URL(request.url).pathname;
    const headers = { 'Content-Security-Policy': STRICT_CSP, 'Cache-Control': 'no-store' };
    if (path === '/two-factor.js') return new Response(bundle, { headers: { ...headers, 'Content-Type': 'text/javascript' } });
    if (path === '/') return new Response(PAGE, { headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
    return new Response('Not found', { status: 404, headers });
  }

  return {
    url: origin,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
