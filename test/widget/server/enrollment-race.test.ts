/**
 * The enrolment state table under concurrent requests on one store (SQLite and memory): a
 * confirm and a `{restart: true}` sent together must never leave the user enabled with a
 * pending enrolment that was created without a code, since confirming that one would replace
 * the factor without any current code. The requests are interleaved at every microtask offset,
 * which walks every order the two handlers' store steps can take on one event loop.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './support/harness';

/** Runs `f` after `n` turns of the microtask queue. */
async function after<T>(n: number, f: () => Promise<T>): Promise<T> {
  for (let i = 0; i < n; i++) await null;
  return f();
}

const OFFSETS = 40;

describe.each(['sqlite', 'memory'] as const)('%s store', (store) => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('confirm racing {restart: true} never yields an enabled user with a code-less pending enrolment', async () => {
    h = await makeHarness({ store });
    let restartsWon = 0;
    for (let n = 0; n < OFFSETS; n++) {
      for (const restartFirst of [false, true]) {
        const user = `u${n}-${restartFirst ? 'r' : 'c'}`;
        const e = await h.enroll(user);
        const confirm = () => h.call('POST', `/enrollments/${e.id}/confirm`, { user, body: { code: h.code(e.params) } });
        const restart = () => h.call('POST', '/enrollments', { user, body: { restart: true } });
        const [c, r] = restartFirst ? (await Promise.all([after(n, restart), confirm()])).reverse() : await Promise.all([confirm(), after(n, restart)]);
        const state = (await h.call('GET', '', { user })).body;
        const pending = await h.store.getEnrollment(user);
        if (pending) expect(pending.replacesFactorId, `offset ${n}`).toBe((await h.store.getFactor(user))?.id ?? null);
        if (r!.status === 201) restartsWon++;
        if (state.state !== 'enabled') continue;
        expect(c!.status).toBe(200);
        // Enabled: whatever is pending (if anything) must not be confirmable, since nobody gave a current code.
        if (r!.status === 201) {
          const attack = await h.call('POST', `/enrollments/${r!.body.id}/confirm`, { user, body: { code: h.code({ ...e.params, secret: r!.body.secret }) } });
          expect(attack.status, `offset ${n}: the code-less enrolment replaced the factor`).not.toBe(200);
        }
        expect((await h.call('GET', '', { user })).body.pendingEnrollment, `offset ${n}`).toBeNull();
      }
    }
    // The legitimate twin stays possible: a restart that lands before the confirm wins.
    expect(restartsWon).toBeGreaterThan(0);
  });

  it('a reset racing a disable never leaves an enrolment made to replace a factor that is gone', async () => {
    h = await makeHarness({ store });
    let bothWon = 0;
    for (let n = 0; n < OFFSETS; n++) {
      for (const disableFirst of [false, true]) {
        const user = `d${n}-${disableFirst ? 'd' : 'r'}`;
        const { params, recoveryCodes } = await h.enable(user);
        const reset = () => h.call('POST', '/enrollments', { user, body: { code: h.code(params) } });
        const disable = () => h.call('POST', '/disable', { user, body: { code: recoveryCodes[0] } });
        const [r, d] = disableFirst ? await Promise.all([after(n, reset), disable()]) : await Promise.all([reset(), after(n, disable)]);
        if (d.status === 200 && r.status === 201) bothWon++;
        // Whatever is pending was made for the factor the user has now (none: a first enrolment,
        // which is what a POST /enrollments that lands after the disable rightly creates).
        const pending = await h.store.getEnrollment(user);
        if (pending) expect(pending.replacesFactorId, `offset ${n}`).toBe((await h.store.getFactor(user))?.id ?? null);
      }
    }
    expect(bothWon).toBeGreaterThan(0);
  });

  it('the legitimate twins: a first confirm and a reset confirm still work', async () => {
    h = await makeHarness({ store });
    const { params } = await h.enable();
    const reset = await h.call('POST', '/enrollments', { body: { code: h.code(params) } });
    const newParams = { ...params, secret: reset.body.secret };
    const confirm = await h.call('POST', `/enrollments/${reset.body.id}/confirm`, { body: { code: h.code(newParams) } });
    expect(confirm.status).toBe(200);
    expect(confirm.body.recoveryCodes).toBeUndefined();
  });
});
