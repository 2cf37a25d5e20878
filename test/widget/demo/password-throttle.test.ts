/**
 * The demo's password checks (sign-in and the widget's password re-entry) are throttled like
 * two-factor codes: per account, 5 free failures then 30 s doubling up to an hour; per client
 * address the same growing wait after 20 (a password sprayer tries many accounts from one
 * address; an office shares one). Every attempt is counted before the password is checked,
 * so a burst of parallel guesses gets no more answers than the free ones.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { addressKey } from '../../../widget/demo/password-throttle';
import { DemoClient, pathOf } from './support/demo-client';
import { useTestDemo } from './support/test-demo';

/** The demo's clock, frozen so that waits do not depend on how long each scrypt check takes here. */
const clock = { now: Date.now() };
let n = 0;

const site = useTestDemo('throttle', { seedUser: false, now: () => clock.now });

// Each test starts with every count forgotten (a day without attempts), since all share 127.0.0.1.
afterEach(() => {
  clock.now += 24 * 60 * 60_000;
});

const PASSWORD = 'correct horse battery';

/** A new account; signs its creator out so only the password form is left. */
async function account(): Promise<string> {
  const email = `p${++n}@acme.test`;
  const creator = new DemoClient(site.demo.url);
  expect((await creator.signUp(email, PASSWORD)).status).toBe(303);
  return email;
}

/** Moves every throttle past its wait (the demo's clock, not the test's). */
const wait = (seconds: number) => {
  clock.now += seconds * 1000;
};

/** A sign-in POST from another loopback address (127.0.0.0/8 all reach a 127.0.0.1 listener). */
function signInFrom(localAddress: string, email: string, password: string): Promise<number> {
  const body = new URLSearchParams({ email, password }).toString();
  return new Promise((resolve, reject) => {
    const r = request(
      `${site.demo.url.replace('localhost', '127.0.0.1')}/sign-in`,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site.demo.url, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode!));
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}

describe('password throttle per account', () => {
  it('after 5 wrong passwords even the right one waits (429, Retry-After 30); after the wait it signs in', async () => {
    const email = await account();
    const visitor = new DemoClient(site.demo.url);
    for (let i = 0; i < 5; i++) expect((await visitor.signIn(email, `wrong ${i}`)).status).toBe(401);
    const held = await visitor.signIn(email, PASSWORD);
    expect(held.status).toBe(429);
    expect(held.headers.get('retry-after')).toBe('30');
    expect(held.text).toContain('Too many attempts');
    expect(visitor.cookies.size).toBe(0);
    wait(30);
    expect(pathOf((await visitor.signIn(email, PASSWORD)).location)).toBe('/settings');
  });

  it('the wait grows: 30, 60, 120 s; a success starts the count again', async () => {
    const email = await account();
    const visitor = new DemoClient(site.demo.url);
    for (let i = 0; i < 5; i++) await visitor.signIn(email, 'wrong');
    const waits: string[] = [];
    for (let i = 0; i < 3; i++) {
      waits.push((await visitor.signIn(email, 'wrong')).headers.get('retry-after')!);
      wait(Number(waits.at(-1)));
      expect((await visitor.signIn(email, 'wrong')).status).toBe(401);
    }
    expect(waits).toEqual(['30', '60', '120']);
    wait(240);
    expect((await visitor.signIn(email, PASSWORD)).status).toBe(303);
    const again = new DemoClient(site.demo.url);
    for (let i = 0; i < 5; i++) expect((await again.signIn(email, 'wrong')).status).toBe(401);
    wait(30);
  });

  it('an email with no account is throttled the same way (no hint that it exists)', async () => {
    const visitor = new DemoClient(site.demo.url);
    for (let i = 0; i < 5; i++) expect((await visitor.signIn(`nobody${n}@acme.test`, 'x')).status).toBe(401);
    expect((await visitor.signIn(`NOBODY${n}@acme.test`, 'x')).status).toBe(429);
    wait(30);
  });

  it('a burst of 20 parallel guesses gets 5 answers', async () => {
    const email = await account();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => new DemoClient(site.demo.url).signIn(email, `guess ${i}`)));
    expect(results.filter((r) => r.status === 401)).toHaveLength(5);
    expect(results.filter((r) => r.status === 429)).toHaveLength(15);
    wait(30);
  });

  it('password re-entry (/reauth) shares the account count', async () => {
    const email = await account();
    const visitor = new DemoClient(site.demo.url);
    expect((await visitor.signIn(email, PASSWORD)).status).toBe(303);
    for (let i = 0; i < 5; i++) expect((await visitor.post('/reauth', { json: { password: 'wrong' } })).status).toBe(401);
    const held = await visitor.post('/reauth', { json: { password: PASSWORD } });
    expect(held.status).toBe(429);
    expect(held.headers.get('retry-after')).toBe('30');
    expect(held.json().error.code).toBe('throttled');
    wait(30);
    expect((await visitor.post('/reauth', { json: { password: PASSWORD } })).status).toBe(204);
  });
});

describe('password throttle per client address', () => {
  it('20 failures across many accounts from one address hold that address; another address still signs in', async () => {
    // Sprayed emails need no account: an unknown one costs the same check and counts the same.
    const victim = await account();
    for (let i = 0; i < 20; i++) expect(await signInFrom('127.0.0.7', `sprayed${i}-${n}@acme.test`, 'sprayed password')).toBe(401);
    expect(await signInFrom('127.0.0.7', victim, PASSWORD)).toBe(429);
    // The legitimate twin: the same account from another address (its own count is 0).
    expect(await signInFrom('127.0.0.8', victim, PASSWORD)).toBe(303);
    wait(30);
    expect(await signInFrom('127.0.0.7', victim, PASSWORD)).toBe(303);
  }, 60_000);
});

describe('addressKey', () => {
  it('keeps IPv4 (also mapped into IPv6) and groups IPv6 by its /64', () => {
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:1:2::99')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey(undefined)).toBe('unknown');
  });
});
