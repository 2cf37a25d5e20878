/**
 * The demo site over real HTTP, started in-process with `startDemo` on an ephemeral port and a
 * temporary data directory: accounts, session stages in cookies, the second step (widget API
 * and the fallback form, recovery codes too), password re-entry, origins, headers, keys.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { generateCode, parseKeyUri, type OtpParams } from '../../../shared/otp';
import { createSessionCodec, SESSION_COOKIE } from '../../../widget/demo/demo-session';
import { startDemo } from '../../../widget/demo/server';
import { oathtoolMissing, oathtoolTotp } from '../../support/oathtool';
import { DemoClient, pathOf } from './support/demo-client';
import { useTestDemo } from './support/test-demo';


let user: DemoClient;
let email: string;
let n = 0;

const site = useTestDemo('site', { origins: ['http://acme.test'] });
beforeEach(async () => {
  user = new DemoClient(site.demo.url);
  email = `user${++n}@acme.test`;
  expect((await user.signUp(email)).status).toBe(303);
});

/** Turns two-factor on through the widget API, as the widget would; returns the params and codes. */
async function enableTwoFactor(client = user): Promise<{ params: OtpParams; recoveryCodes: string[] }> {
  const created = await client.post('/api/2fa/enrollments', { json: {} });
  expect(created.status).toBe(201);
  const params = parseKeyUri(created.json().otpauthUri);
  const confirm = await client.post(`/api/2fa/enrollments/${created.json().id}/confirm`, { json: { code: generateCode(params, Date.now()) } });
  expect(confirm.status).toBe(200);
  return { params, recoveryCodes: confirm.json().recoveryCodes };
}

/** A code for the next step: valid (one step ahead is in the window) and not yet used. */
const nextCode = (params: OtpParams) => generateCode(params, Date.now() + 30_000);

describe('startDemo', () => {
  it('listens on an ephemeral port and allows localhost, 127.0.0.1 and the extra origins at that port', () => {
    expect(site.demo.port).toBeGreaterThan(0);
    expect(site.demo.url).toBe(`http://localhost:${site.demo.port}`);
    expect(site.demo.allowedOrigins).toEqual(
      expect.arrayContaining([`http://localhost:${site.demo.port}`, `http://127.0.0.1:${site.demo.port}`, `http://acme.test:${site.demo.port}`, 'http://acme.test']),
    );
  });

  it('keeps its keys and the demo user in the data directory, readable by the owner only', () => {
    for (const file of ['site-keys.json', 'demo-user.json']) expect(statSync(join(site.dataDir, file)).mode & 0o077).toBe(0);
    const keys = JSON.parse(readFileSync(join(site.dataDir, 'site-keys.json'), 'utf8'));
    expect(Buffer.from(keys.encryptionKey, 'base64')).toHaveLength(32);
    expect(JSON.parse(readFileSync(join(site.dataDir, 'demo-user.json'), 'utf8'))).toEqual(site.demo.demoUser);
  });

  it('seeds the demo user, who can sign in', async () => {
    const visitor = new DemoClient(site.demo.url);
    const r = await visitor.signIn(site.demo.demoUser.email, site.demo.demoUser.password);
    expect(r.status).toBe(303);
    expect(pathOf(r.location)).toBe('/settings');
  });

  it('on restart with the same data directory, reuses the key: two-factor keeps working', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-restart-'));
    try {
      const first = await startDemo({ port: 0, dataDir: dir, onEvent: () => {} });
      const client = new DemoClient(first.url);
      await client.signUp('restart@acme.test', 'restart password');
      const { params } = await enableTwoFactor(client);
      await first.close();
      const second = await startDemo({ port: 0, dataDir: dir, onEvent: () => {} });
      const again = new DemoClient(second.url);
      expect(second.demoUser).toEqual(first.demoUser);
      expect(pathOf((await again.signIn('restart@acme.test', 'restart password')).location)).toBe('/sign-in/two-factor');
      expect((await again.post('/api/2fa/verify', { json: { code: nextCode(params) } })).status).toBe(200);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not seed the demo user when asked not to', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'demo-noseed-'));
    const bare = await startDemo({ port: 0, dataDir: dir, seedUser: false, onEvent: () => {} });
    try {
      const creds = JSON.parse(readFileSync(join(dir, 'demo-user.json'), 'utf8'));
      expect((await new DemoClient(bare.url).signIn(creds.email, creds.password)).status).toBe(401);
    } finally {
      await bare.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('accounts and sessions', () => {
  it('sign up sets an HttpOnly, SameSite=Lax session cookie and lands on Personal Settings', async () => {
    const visitor = new DemoClient(site.demo.url);
    const r = await visitor.signUp(`fresh${n}@acme.test`);
    expect(pathOf(r.location)).toBe('/settings');
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Path=\//);
    expect((await visitor.get('/settings')).status).toBe(200);
  });

  it('refuses a second account with the same email (any case), and weak input', async () => {
    const visitor = new DemoClient(site.demo.url);
    expect((await visitor.signUp(email.toUpperCase())).status).toBe(400);
    expect((await visitor.signUp(`short${n}@acme.test`, 'short')).status).toBe(400);
    expect((await visitor.signUp('not-an-email')).status).toBe(400);
    expect(visitor.cookies.size).toBe(0);
  });

  it('wrong password: 401 and no session', async () => {
    const visitor = new DemoClient(site.demo.url);
    const r = await visitor.signIn(email, 'wrong password');
    expect(r.status).toBe(401);
    expect(r.text).toContain('Wrong email or password');
    expect(visitor.cookies.size).toBe(0);
  });

  it('without two-factor, sign in gives a full session', async () => {
    const visitor = new DemoClient(site.demo.url);
    expect(pathOf((await visitor.signIn(email, 'correct horse battery')).location)).toBe('/settings');
    expect((await visitor.get('/settings')).status).toBe(200);
  });

  it('sign out ends the session', async () => {
    expect(pathOf((await user.post('/sign-out', { form: {} })).location)).toBe('/sign-in');
    expect(pathOf((await user.get('/settings')).location)).toBe('/sign-in');
  });

  it('a tampered cookie is no session', async () => {
    const [value] = [...user.cookies.values()];
    user.cookies.set(SESSION_COOKIE, value!.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')));
    expect(pathOf((await user.get('/settings')).location)).toBe('/sign-in');
  });

  it('signed-out visitors are sent to sign in', async () => {
    const visitor = new DemoClient(site.demo.url);
    expect(pathOf((await visitor.get('/settings')).location)).toBe('/sign-in');
    expect(pathOf((await visitor.get('/sign-in/two-factor')).location)).toBe('/sign-in');
    expect(pathOf((await visitor.get('/')).location)).toBe('/sign-in');
    expect((await visitor.get('/api/2fa')).status).toBe(401);
  });
});

describe('Personal Settings', () => {
  it('has the Profile and Two-Factor Authentication tabs, the widget element and the password dialog', async () => {
    const page = (await user.get('/settings?tab=two-factor')).text;
    expect(page).toContain('<h1>Personal Settings</h1>');
    expect(page).toMatch(/role="tab"[^>]*aria-selected="false">Profile</);
    expect(page).toMatch(/role="tab"[^>]*aria-selected="true">Two-Factor Authentication</);
    expect(page).toContain('<two-factor-settings api="/api/2fa">');
    expect(page).toContain('<dialog id="reauth-dialog"');
    expect(page).toContain(email);
    expect(page).toMatch(/id="panel-profile"[^>]*hidden/);
  });
});

describe('signing in with two-factor', () => {
  it('password first gives a password-stage session that only reaches the second step', async () => {
    await enableTwoFactor();
    const visitor = new DemoClient(site.demo.url);
    const r = await visitor.signIn(email, 'correct horse battery');
    expect(pathOf(r.location)).toBe('/sign-in/two-factor');
    expect(pathOf((await visitor.get('/settings')).location)).toBe('/sign-in/two-factor');
    expect((await visitor.get('/api/2fa')).status).toBe(401);
    expect((await visitor.post('/api/2fa/enrollments', { json: {} })).status).toBe(401);
    const step = (await visitor.get('/sign-in/two-factor')).text;
    expect(step).toContain('<two-factor-challenge api="/api/2fa" redirect="/settings">');
    expect(step).toMatch(/<two-factor-challenge[^>]*>\s*<form method="post" action="\/sign-in\/two-factor"/);
    expect(step).toContain('autocomplete="one-time-code"');
    expect(step).toContain('name="recovery_code"');
  });

  it('the widget route: POST /api/2fa/verify upgrades the cookie to a full session', async () => {
    const { params } = await enableTwoFactor();
    const visitor = new DemoClient(site.demo.url);
    await visitor.signIn(email, 'correct horse battery');
    const r = await visitor.post('/api/2fa/verify', { json: { code: nextCode(params) } });
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ ok: true });
    expect(r.headers.getSetCookie().join()).toMatch(/HttpOnly; SameSite=Lax/);
    expect((await visitor.get('/settings')).status).toBe(200);
  });

  it('the fallback form: a code signs in; a wrong one shows an error and keeps the second step', async () => {
    const { params } = await enableTwoFactor();
    const visitor = new DemoClient(site.demo.url);
    await visitor.signIn(email, 'correct horse battery');
    const wrong = await visitor.post('/sign-in/two-factor', { form: { code: '000000' } });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toMatch(/role="alert"[^>]*>That code is not valid/);
    const right = await visitor.post('/sign-in/two-factor', { form: { code: nextCode(params) } });
    expect(pathOf(right.location)).toBe('/settings');
    expect((await visitor.get('/settings')).status).toBe(200);
  });

  it('the fallback form takes a recovery code, once', async () => {
    const { recoveryCodes } = await enableTwoFactor();
    const visitor = new DemoClient(site.demo.url);
    await visitor.signIn(email, 'correct horse battery');
    expect(pathOf((await visitor.post('/sign-in/two-factor', { form: { code: '', recovery_code: recoveryCodes[0]! } })).location)).toBe('/settings');
    const again = new DemoClient(site.demo.url);
    await again.signIn(email, 'correct horse battery');
    expect((await again.post('/sign-in/two-factor', { form: { recovery_code: recoveryCodes[0]! } })).status).toBe(422);
  });

  it('the fallback form is throttled like the API: 429 with Retry-After after 5 failures', async () => {
    await enableTwoFactor();
    const visitor = new DemoClient(site.demo.url);
    await visitor.signIn(email, 'correct horse battery');
    for (let i = 0; i < 5; i++) expect((await visitor.post('/sign-in/two-factor', { form: { code: '000000' } })).status).toBe(422);
    const r = await visitor.post('/sign-in/two-factor', { form: { code: '000000' } });
    expect(r.status).toBe(429);
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(r.text).toContain('Too many wrong codes');
  });

  it.skipIf(oathtoolMissing)('codes from oathtool work end to end', async () => {
    const created = (await user.post('/api/2fa/enrollments', { json: {} })).json();
    const oath = (at: number) => oathtoolTotp(created.secret, at);
    expect((await user.post(`/api/2fa/enrollments/${created.id}/confirm`, { json: { code: oath(Date.now()) } })).status).toBe(200);
    const visitor = new DemoClient(site.demo.url);
    await visitor.signIn(email, 'correct horse battery');
    expect(pathOf((await visitor.post('/sign-in/two-factor', { form: { code: oath(Date.now() + 30_000) } })).location)).toBe('/settings');
  });
});

describe('password re-entry (two-factor-reauth-required)', () => {
  /** Replaces the user's cookie with one whose password check is 11 minutes old. */
  function staleSession(client: DemoClient) {
    const keys = JSON.parse(readFileSync(join(site.dataDir, 'site-keys.json'), 'utf8'));
    // A new account, never signed out: its sessions are at version 0.
    const codec = createSessionCodec(Buffer.from(keys.sessionKey, 'base64'), () => 0);
    const current = codec.read(`${SESSION_COOKIE}=${client.cookies.get(SESSION_COOKIE)}`, Date.now())!;
    const cookie = codec.start(current.userId, 'full', Date.now() - 11 * 60_000, false);
    client.cookies.set(SESSION_COOKIE, cookie.split(';')[0]!.split('=').slice(1).join('='));
  }

  it('a stale session gets 401 reauthentication_required; /reauth with the password renews it', async () => {
    staleSession(user);
    const refused = await user.post('/api/2fa/enrollments', { json: {} });
    expect(refused.status).toBe(401);
    expect(refused.json().error.code).toBe('reauthentication_required');
    const wrong = await user.post('/reauth', { json: { password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.json().error.message).toMatch(/password/);
    const right = await user.post('/reauth', { json: { password: 'correct horse battery' } });
    expect(right.status).toBe(204);
    expect((await user.post('/api/2fa/enrollments', { json: {} })).status).toBe(201);
  });

  it('/reauth needs a full session and our origin', async () => {
    expect((await new DemoClient(site.demo.url).post('/reauth', { json: { password: 'x' } })).status).toBe(401);
    expect((await user.post('/reauth', { json: { password: 'correct horse battery' }, origin: 'http://evil.test' })).status).toBe(403);
  });
});

describe('origins', () => {
  it('refuses API changes and form posts from another origin', async () => {
    const api = await user.post('/api/2fa/enrollments', { json: {}, origin: 'http://evil.test' });
    expect(api.status).toBe(403);
    expect(api.json().error.code).toBe('forbidden_origin');
    const visitor = new DemoClient(site.demo.url);
    expect((await visitor.post('/sign-in', { form: { email, password: 'correct horse battery' }, origin: 'http://evil.test' })).status).toBe(403);
    expect(visitor.cookies.size).toBe(0);
  });

  it('accepts 127.0.0.1 and the extra hostnames at the chosen port (host-resolver tests)', async () => {
    for (const [i, origin] of [`http://127.0.0.1:${site.demo.port}`, `http://acme.test:${site.demo.port}`].entries()) {
      const client = new DemoClient(site.demo.url, origin);
      const signedUp = await client.signUp(`origin${i}-${n}@acme.test`);
      expect(signedUp.status, signedUp.text).toBe(303);
      expect((await client.post('/api/2fa/enrollments', { json: {} })).status).toBe(201);
    }
  });
});

describe('headers and files', () => {
  it('pages carry a strict CSP and hold no inline script or style', async () => {
    const visitor = new DemoClient(site.demo.url);
    const pages = [await visitor.get('/sign-in'), await visitor.get('/sign-up'), await user.get('/settings')];
    await enableTwoFactor();
    const half = new DemoClient(site.demo.url);
    await half.signIn(email, 'correct horse battery');
    pages.push(await half.get('/sign-in/two-factor'));
    for (const page of pages) {
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'(;|$)/);
      expect(page.headers.get('content-security-policy')).not.toMatch(/unsafe/);
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(page.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    }
  });

  it('API responses are no-store', async () => {
    expect((await user.get('/api/2fa')).headers.get('cache-control')).toBe('no-store');
  });

  it('serves demo.css and demo.js as files', async () => {
    const css = await user.get('/demo.css');
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    const js = await user.get('/demo.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.text).toContain('two-factor-reauth-required');
  });

  it('/two-factor.js says how to build the widget when it is missing, and serves it once built', async () => {
    const missing = await user.get('/two-factor.js');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('npm run build:widget');
    writeFileSync(join(site.dataDir, 'no-widget.js'), 'export const built = true;\n');
    const built = await user.get('/two-factor.js');
    expect(built.status).toBe(200);
    expect(built.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(built.text).toBe('export const built = true;\n');
    rmSync(join(site.dataDir, 'no-widget.js'));
  });
});
