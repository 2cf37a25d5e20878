/**
 * Nothing logs a secret, a code or a recovery code: a full flow (enrol, confirm, sign in, wrong
 * codes into the throttle, reset, regenerate, recovery use, disable, support disable, an
 * internal error, a throwing event listener) with every console method and both output
 * streams captured, and every event checked.
 */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { parseKeyUri } from '../../../shared/otp';
import { makeHarness, wrongCode, type Harness } from './support/harness';

let h: Harness;
const output: string[] = [];

beforeEach(async () => {
  h = await makeHarness();
  output.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(' ')));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      output.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write);
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.close();
});

it('a full flow logs and emits no secret, code or recovery code', async () => {
  const secrets: string[] = [];
  const codes: string[] = [];
  const use = (code: string) => (codes.push(code), code);

  const e = await h.enroll();
  secrets.push(e.secret);
  const confirm = await h.call('POST', `/enrollments/${e.id}/confirm`, { body: { code: use(h.code(e.params)) } });
  const recoveryCodes: string[] = confirm.body.recoveryCodes;
  h.clock.now += 30_000;

  h.session('alice', { stage: 'password' });
  await h.call('POST', '/verify', { body: { code: use(h.code(e.params)) } });
  await h.call('POST', '/verify', { body: { code: use(h.code(e.params)) } }); // replay
  for (let i = 0; i < 6; i++) await h.call('POST', '/verify', { body: { code: use(wrongCode(e.params, h.clock.now)) } });
  h.clock.now += 60_000;
  await h.call('POST', '/verify', { body: { code: use(recoveryCodes[0]!) } });

  h.session('alice', { stage: 'full' });
  const reset = await h.call('POST', '/enrollments', { body: { code: use(h.code(e.params)) } });
  const fresh = parseKeyUri(reset.body.otpauthUri);
  secrets.push(fresh.secret);
  await h.call('POST', `/enrollments/${reset.body.id}/confirm`, { body: { code: use(h.code(fresh)) } });
  h.clock.now += 30_000;
  const regenerated = await h.call('POST', '/recovery-codes', { body: { code: use(h.code(fresh)) } });
  h.clock.now += 30_000;
  await h.call('POST', '/disable', { body: { code: use(regenerated.body.recoveryCodes[0]) } });
  const again = await h.enable();
  secrets.push(again.params.secret);
  await h.tf.verifyLogin('alice', use(h.code(again.params)));
  await h.tf.disableFor('alice');

  // An internal error (a secret sealed under a key this instance lacks) is logged too: check it.
  const bob = await h.enable('bob');
  secrets.push(bob.params.secret);
  await h.store.close();
  const other = await makeHarness({ dbPath: h.dbPath, now: h.clock.now });
  other.session('bob', { stage: 'password' });
  const failed = await other.call('POST', '/verify', { user: 'bob', body: { code: use(other.code(bob.params)) } });
  expect(failed.status).toBe(500);
  await other.close();

  const recovery = [...recoveryCodes, ...regenerated.body.recoveryCodes, ...again.recoveryCodes, ...bob.recoveryCodes];
  expect(output.some((line) => line.includes('internal error'))).toBe(true); // the capture works
  const logged = output.join('\n');
  for (const secret of secrets) {
    expect(logged).not.toContain(secret);
    expect(logged.toLowerCase()).not.toContain(secret.toLowerCase());
  }
  for (const code of recovery) {
    expect(logged).not.toContain(code);
    expect(logged).not.toContain(code.replace(/-/g, ''));
  }
  for (const code of codes) expect(logged).not.toMatch(new RegExp(`(^|\\D)${code}(\\D|$)`));

  // Events: exactly {type, userId, at}, nothing else.
  expect(h.events.length).toBeGreaterThan(5);
  for (const event of h.events) {
    expect(Object.keys(event).sort()).toEqual(['at', 'type', 'userId']);
    expect(typeof event.at).toBe('number');
    expect(['alice', 'bob']).toContain(event.userId);
  }
  expect(new Set(h.events.map((ev) => ev.type))).toEqual(
    new Set(['enabled', 'reset', 'disabled', 'recovery_codes_regenerated', 'recovery_code_used', 'throttled']),
  );
});

it('a throwing onEvent listener neither breaks the request nor logs what it was told', async () => {
  const { createTwoFactor, memoryStore, generateEncryptionKey } = await import('../../../widget/server');
  const now = h.clock.now;
  const tf = createTwoFactor({
    store: memoryStore(),
    issuer: 'X',
    encryptionKey: generateEncryptionKey(),
    allowedOrigins: ['https://x.test'],
    now: () => now,
    authenticate: async () => ({ userId: 'u', accountName: 'u', stage: 'full', authenticatedAt: now }),
    onEvent: () => {
      throw new Error('listener exploded with secret JBSWY3DPEHPK3PXP');
    },
  });
  const post = (path: string, body: unknown) =>
    tf.handle(new Request(`https://x.test/api/2fa${path}`, { method: 'POST', headers: { origin: 'https://x.test', 'content-type': 'application/json' }, body: JSON.stringify(body) }));
  const enrollment = await (await post('/enrollments', {}))!.json();
  const confirm = await post(`/enrollments/${enrollment.id}/confirm`, { code: h.code(parseKeyUri(enrollment.otpauthUri), now) });
  expect(confirm!.status).toBe(200);
  expect((await tf.status('u')).state).toBe('enabled');
  expect(output.join('\n')).toContain('onEvent listener threw (Error)');
  expect(output.join('\n')).not.toContain('JBSWY3DPEHPK3PXP');
});
