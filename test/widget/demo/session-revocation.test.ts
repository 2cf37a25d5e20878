/**
 * The demo's sessions die when they should (it is what site owners copy): sign-out and every
 * two-factor change (enable, reset, disable, new recovery codes) bump the user's session
 * version, so a copied or stolen cookie stops working at once instead of living 12 hours. The
 * browser that made a two-factor change gets a fresh cookie and stays signed in.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { generateCode, parseKeyUri, type OtpParams } from '../../../shared/otp';
import { SESSION_COOKIE } from '../../../widget/demo/demo-session';
import { DemoClient, pathOf } from './support/demo-client';
import { useTestDemo } from './support/test-demo';

let n = 0;
let email: string;
let user: DemoClient;

const site = useTestDemo('sessions', { seedUser: false });
beforeEach(async () => {
  user = new DemoClient(site.demo.url);
  email = `s${++n}@acme.test`;
  expect((await user.signUp(email)).status).toBe(303);
});

/** What an attacker holds: a copy of the cookie as it is now. */
function stolen(from: DemoClient): DemoClient {
  const thief = new DemoClient(site.demo.url);
  thief.cookies.set(SESSION_COOKIE, from.cookies.get(SESSION_COOKIE)!);
  return thief;
}

async function signedIn(client: DemoClient): Promise<boolean> {
  const page = await client.get('/settings');
  const api = await client.get('/api/2fa');
  // The pages and the two-factor API must agree.
  expect(page.status === 200).toBe(api.status === 200);
  return page.status === 200;
}

async function enable(client: DemoClient): Promise<{ params: OtpParams; recoveryCodes: string[] }> {
  const created = await client.post('/api/2fa/enrollments', { json: {} });
  expect(created.status).toBe(201);
  const params = parseKeyUri(created.json().otpauthUri);
  const confirm = await client.post(`/api/2fa/enrollments/${created.json().id}/confirm`, { json: { code: generateCode(params, Date.now()) } });
  expect(confirm.status).toBe(200);
  return { params, recoveryCodes: confirm.json().recoveryCodes };
}

describe('demo sessions', () => {
  it('sign-out revokes the cookie: a copy taken before no longer works', async () => {
    const thief = stolen(user);
    expect(await signedIn(thief)).toBe(true);
    expect(pathOf((await user.post('/sign-out', { form: {} })).location)).toBe('/sign-in');
    expect(await signedIn(thief)).toBe(false);
    expect(pathOf((await thief.get('/settings')).location)).toBe('/sign-in');
  });

  it('turning two-factor on ends every other session; the browser that did it stays signed in', async () => {
    const thief = stolen(user);
    await enable(user);
    expect(await signedIn(thief)).toBe(false);
    expect(await signedIn(user)).toBe(true);
  });

  it('a reset, new recovery codes and turning two-factor off each end every other session', async () => {
    let { recoveryCodes } = await enable(user);
    const changes: Array<[string, () => Promise<void>]> = [
      [
        'reset',
        async () => {
          const reset = await user.post('/api/2fa/enrollments', { json: { code: recoveryCodes[0] } });
          expect(reset.status).toBe(201);
          const next = parseKeyUri(reset.json().otpauthUri);
          const confirm = await user.post(`/api/2fa/enrollments/${reset.json().id}/confirm`, { json: { code: generateCode(next, Date.now()) } });
          expect(confirm.status, confirm.text).toBe(200);
        },
      ],
      [
        'recovery codes',
        async () => {
          const regenerated = await user.post('/api/2fa/recovery-codes', { json: { code: recoveryCodes[1] } });
          expect(regenerated.status).toBe(200);
          recoveryCodes = regenerated.json().recoveryCodes;
        },
      ],
      ['disable', async () => void expect((await user.post('/api/2fa/disable', { json: { code: recoveryCodes[0] } })).status).toBe(200)],
    ];
    for (const [name, change] of changes) {
      const thief = stolen(user);
      expect(await signedIn(thief), name).toBe(true);
      await change();
      expect(await signedIn(thief), name).toBe(false);
      expect(await signedIn(user), name).toBe(true);
    }
  });

  it('the legitimate twin: two browsers of one user both stay signed in while nothing changes', async () => {
    const other = new DemoClient(site.demo.url);
    expect(pathOf((await other.signIn(email, 'correct horse battery')).location)).toBe('/settings');
    expect(await signedIn(user)).toBe(true);
    expect(await signedIn(other)).toBe(true);
    // A failed attempt to change two-factor changes nothing, so nobody is signed out.
    expect((await user.post('/api/2fa/disable', { json: { code: '000000' } })).status).toBe(409);
    expect(await signedIn(other)).toBe(true);
  });
});
