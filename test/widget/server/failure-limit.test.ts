/**
 * The limit on total guesses (NIST SP 800-63B-4 s.3.2.2: at most 100 consecutive failures):
 * the throttle alone allows about 24 guesses a day for ever. After 100 wrong codes in a row,
 * authenticator codes are refused, right or wrong, until a recovery code is used (itself still
 * throttled) or the site calls `resetThrottle` / `disableFor`. The site hears `locked` once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OtpParams } from '../../../shared/otp';
import { makeHarness, wrongCode, type Harness } from './support/harness';

let h: Harness;
let params: OtpParams;
let recoveryCodes: string[];
beforeEach(async () => {
  h = await makeHarness();
  ({ params, recoveryCodes } = await h.enable());
  h.session('alice', { stage: 'password' });
});
afterEach(async () => {
  await h.close();
});

const verify = (code: string) => h.call('POST', '/verify', { body: { code } });

/** `n` wrong TOTP codes in a row, each after its wait: what a patient attacker gets. */
async function failTimes(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await verify(wrongCode(params, h.clock.now));
    expect(r.status, `failure ${i + 1}`).toBe(422);
    h.clock.now += 3600_000;
  }
}

describe('the 100-failure limit', () => {
  it('after 100 failures the right authenticator code is refused with 423 locked, however long one waits', async () => {
    await failTimes(100);
    for (const later of [0, 86_400_000, 30 * 86_400_000]) {
      h.clock.now += later;
      const r = await verify(h.code(params));
      expect(r.status).toBe(423);
      expect(r.body.error.code).toBe('locked');
      expect(r.body.error.message).toMatch(/recovery code/);
    }
    expect(h.verifiedHeaders).toEqual([]);
    expect(await h.tf.verifyLogin('alice', h.code(params))).toEqual({ ok: false, reason: 'locked' });
  });

  it('a locked account gives no oracle: wrong and right codes get the same answer, and neither is counted', async () => {
    await failTimes(100);
    const right = await verify(h.code(params));
    const wrong = await verify(wrongCode(params, h.clock.now));
    expect([right.status, right.body]).toEqual([wrong.status, wrong.body]);
    // Not counted: a recovery code (after the 100th failure's wait) still gets in.
    h.clock.now += 3600_000;
    expect((await verify(recoveryCodes[0]!)).status).toBe(200);
  });

  it('the legitimate twin: 99 failures still let the right code in (after the wait)', async () => {
    await failTimes(99);
    expect((await verify(h.code(params))).status).toBe(200);
  });

  it('a recovery code still works, throttled, and unlocks authenticator codes', async () => {
    await failTimes(100);
    h.clock.now -= 3600_000 - 1000; // one second after the 100th failure
    const early = await verify(recoveryCodes[0]!);
    expect(early.status).toBe(429);
    expect(early.body.error.code).toBe('throttled');
    h.clock.now += 3600_000;
    expect((await verify('aaaa-bbbb-cccc-dddd')).status).toBe(422); // a wrong recovery code is counted...
    expect((await verify(recoveryCodes[0]!)).status).toBe(429); // ...and waits like any other
    h.clock.now += 3600_000;
    expect((await verify(recoveryCodes[0]!)).status).toBe(200);
    h.clock.now += 30_000;
    expect((await verify(h.code(params))).status).toBe(200);
  });

  it("the site's resetThrottle unlocks; disableFor ends it too", async () => {
    await failTimes(100);
    await h.tf.resetThrottle('alice');
    expect((await verify(h.code(params))).status).toBe(200);
    h.clock.now += 30_000;
    await failTimes(100);
    await h.tf.disableFor('alice');
    h.session('alice', { stage: 'full' });
    const again = await h.enable();
    h.session('alice', { stage: 'password' });
    expect((await verify(h.code(again.params))).status).toBe(200);
  });

  it('locks every code-taking endpoint: reset, disable and regenerate refuse authenticator codes too', async () => {
    await failTimes(100);
    h.session('alice', { stage: 'full' });
    for (const [path, body] of [
      ['/enrollments', { code: h.code(params) }],
      ['/disable', { code: h.code(params) }],
      ['/recovery-codes', { code: h.code(params) }],
    ] as const) {
      const r = await h.call('POST', path, { body });
      expect([path, r.status, r.body.error.code]).toEqual([path, 423, 'locked']);
    }
    expect((await h.call('GET', '')).body.state).toBe('enabled');
  });

  it('emits one locked event at the 100th failure, and none before', async () => {
    await failTimes(99);
    expect(h.events.filter((e) => e.type === 'locked')).toEqual([]);
    await failTimes(1);
    const at = h.clock.now - 3600_000;
    expect(h.events.filter((e) => e.type === 'locked')).toEqual([{ type: 'locked', userId: 'alice', at }]);
    await verify(h.code(params));
    expect(h.events.filter((e) => e.type === 'locked')).toHaveLength(1);
  });

  it('a burst of parallel guesses at the 100th failure locks once', async () => {
    await failTimes(99);
    const results = await Promise.all(Array.from({ length: 20 }, () => verify(wrongCode(params, h.clock.now))));
    expect(results.filter((r) => r.status === 422)).toHaveLength(1);
    expect(h.events.filter((e) => e.type === 'locked')).toHaveLength(1);
  });
});
