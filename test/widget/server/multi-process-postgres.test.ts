/**
 * Several servers, one database: three separate Node processes, each serving
 * `createTwoFactor({ store: postgresStore(sameUrl) })` over node:http on its own port, as behind
 * a load balancer. The two rules that matter most (a code is accepted once, guesses are
 * throttled) hold across them, a reset crosses processes, a SIGKILL leaves nothing half-written,
 * and processes starting together on an empty database create the schema once.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCode, parseKeyUri, type OtpParams } from '../../../shared/otp';
import { generateEncryptionKey } from '../../../widget/server';
import { FREE_FAILURES } from '../../../widget/server/throttle-policy';
import { freshSchema, pgTestUrl } from '../../support/postgres-test-db';
import { spawnServer, type ServerProcess } from './support/spawn-server';
import { T0, wrongCode } from './support/harness';

let env: { DATABASE_URL: string; PG_SCHEMA: string; ENCRYPTION_KEY: string };
let three: ServerProcess[] = [];
let admin: pg.Pool;

// One set of three processes for the file (each start costs a second or two of tsx): every test
// uses its own users, and the SIGKILL test comes last.
beforeAll(async () => {
  admin = new pg.Pool({ connectionString: pgTestUrl(), max: 1 });
  env = { DATABASE_URL: pgTestUrl(), PG_SCHEMA: freshSchema(), ENCRYPTION_KEY: generateEncryptionKey() };
  // Started at the same moment on an empty schema; each migrates before it listens, and
  // spawnServer fails on any error.
  three = await Promise.all([0, 1, 2].map(() => spawnServer(env)));
}, 60_000);
afterAll(async () => {
  await Promise.all(three.map((s) => s.kill()));
  await admin.end();
});

/** Enrols `user` on `server` and confirms at `at`: two-factor on, with the token's params. */
async function enable(server: ServerProcess, user: string, at: number): Promise<{ params: OtpParams; recoveryCodes: string[] }> {
  const created = await server.call('POST', '/enrollments', { user, body: {}, now: at });
  expect(created.status).toBe(201);
  const params = parseKeyUri(created.body.otpauthUri);
  const confirmed = await server.call('POST', `/enrollments/${created.body.id}/confirm`, { user, body: { code: generateCode(params, at) }, now: at });
  expect(confirmed.status).toBe(200);
  return { params, recoveryCodes: confirmed.body.recoveryCodes };
}

const verify = (server: ServerProcess, user: string, code: string, at: number) =>
  server.call('POST', '/verify', { user, stage: 'password', body: { code }, now: at });
const outcome = (r: { status: number; body: any }) => (r.status === 200 ? 'ok' : (r.body?.error?.code as string));

describe('three server processes on one PostgreSQL database', () => {
  it('started at once on an empty database, they create the schema once, without an error', async () => {
    expect(three).toHaveLength(3);
    const versions = await admin.query(`SELECT version FROM "${env.PG_SCHEMA}".schema_migrations`);
    expect(versions.rows).toEqual([{ version: 1 }]);
    // ... and each serves from it.
    const statuses = await Promise.all(three.map((s) => s.call('GET', '', { user: 'nobody' })));
    expect(statuses.map((s) => s.body.state)).toEqual(['disabled', 'disabled', 'disabled']);
  });

  it('50 concurrent verifications of one valid code spread over the three: exactly 1 accepted', async () => {
    const { params } = await enable(three[0]!, 'alice', T0);
    const code = generateCode(params, T0 + 30_000); // the next step: in the window, not yet used
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => verify(three[i % 3]!, 'alice', code, T0)));
    const outcomes = results.map(outcome);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    // Every other one was a used code or, once the free failures were spent, throttled.
    expect(outcomes.filter((o) => o !== 'ok').every((o) => o === 'invalid_code' || o === 'throttled')).toBe(true);
    // All three servers answered some of them.
    expect(new Set(results.map((_, i) => i % 3)).size).toBe(3);
  }, 60_000);

  it('30 parallel wrong guesses spread over the three: exactly the free failures are wrong, the rest throttled, in all three', async () => {
    const { params } = await enable(three[1]!, 'bob', T0);
    const at = T0 + 30_000;
    const wrong = wrongCode(params, at);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => verify(three[i % 3]!, 'bob', wrong, at)));
    const outcomes = results.map(outcome);
    expect(outcomes.filter((o) => o === 'invalid_code')).toHaveLength(FREE_FAILURES);
    expect(outcomes.filter((o) => o === 'throttled')).toHaveLength(30 - FREE_FAILURES);
    // The throttle holds in every process, even for the right code.
    for (const server of three) expect(outcome(await verify(server, 'bob', generateCode(params, at), at + 1000))).toBe('throttled');
    // ... and lifts in every process once the wait is over (the first wait is 30 s).
    expect(outcome(await verify(three[2]!, 'bob', generateCode(params, at + 30_000), at + 30_000))).toBe('ok');
  }, 60_000);

  it('a reset started on one process and confirmed on another: the old token works until the confirm, never after', async () => {
    const [a, b, c] = three;
    const { params: old } = await enable(a!, 'carol', T0);
    let at = T0 + 30_000;
    const reset = await a!.call('POST', '/enrollments', { user: 'carol', body: { code: generateCode(old, at) }, now: at });
    expect(reset.status).toBe(201);
    const fresh = parseKeyUri(reset.body.otpauthUri);

    at += 30_000;
    expect((await c!.call('GET', '', { user: 'carol', now: at })).body).toMatchObject({ state: 'enabled', pendingEnrollment: { id: reset.body.id } });
    expect(outcome(await verify(c!, 'carol', generateCode(fresh, at), at))).toBe('invalid_code');
    expect(outcome(await verify(c!, 'carol', generateCode(old, at), at))).toBe('ok');

    at += 30_000;
    const confirm = await b!.call('POST', `/enrollments/${reset.body.id}/confirm`, { user: 'carol', body: { code: generateCode(fresh, at) }, now: at });
    expect(confirm.status).toBe(200);

    for (const [server, step] of [[a!, 1], [b!, 2], [c!, 3]] as const) {
      const later = at + step * 30_000;
      expect(outcome(await verify(server, 'carol', generateCode(old, later), later))).toBe('invalid_code');
      expect(outcome(await verify(server, 'carol', generateCode(fresh, later), later))).toBe('ok');
    }
  }, 60_000);

  it('one process SIGKILLed in the middle of traffic: the other two keep serving, and no state is half-written', async () => {
    const victim = three[0]!;
    const survivors = three.slice(1);
    const users = Array.from({ length: 12 }, (_, i) => `user-${i}`);
    const served: Array<{ server: number; status: number }> = [];
    const refused: number[] = [];

    /** Each user: enrol, confirm (factor + 10 codes in one step), then regenerate the codes, turn by turn on the three servers. */
    async function traffic(user: string, n: number): Promise<void> {
      let at = T0;
      const pick = (k: number) => (n + k) % 3;
      const send = async (k: number, method: string, path: string, body: unknown) => {
        const index = pick(k);
        try {
          const response = await three[index]!.call(method, path, { user, body, now: at });
          served.push({ server: index, status: response.status });
          return response;
        } catch {
          refused.push(index); // the killed process: connection refused or reset
          return null;
        }
      };
      const created = await send(0, 'POST', '/enrollments', {});
      if (!created) return;
      const params = parseKeyUri(created.body.otpauthUri);
      if (!(await send(1, 'POST', `/enrollments/${created.body.id}/confirm`, { code: generateCode(params, at) }))) return;
      for (let round = 0; round < 3; round++) {
        at += 30_000;
        await send(2 + round, 'POST', '/recovery-codes', { code: generateCode(params, at) });
      }
    }

    const running = Promise.all(users.map((user, n) => traffic(user, n)));
    // Kill once traffic is flowing through every process.
    while (served.length < 12) await new Promise((done) => setTimeout(done, 5));
    await victim.kill('SIGKILL');
    expect(victim.child.signalCode).toBe('SIGKILL');
    await running;

    // Every request the survivors received was answered, and answered well.
    const bySurvivors = served.filter((s) => s.server !== 0);
    expect(bySurvivors.length).toBeGreaterThan(0);
    expect(bySurvivors.every((s) => s.status === 200 || s.status === 201)).toBe(true);
    expect(refused.length).toBeGreaterThan(0); // the kill did land in the middle of the traffic
    expect(refused.every((index) => index === 0)).toBe(true);

    // Nothing half-written: a user has a factor with exactly 10 recovery codes, or neither.
    const schema = `"${env.PG_SCHEMA}"`;
    const { rows } = await admin.query<{ user_id: string; has_factor: boolean; codes: number }>(
      `SELECT u.user_id, EXISTS (SELECT 1 FROM ${schema}.factors f WHERE f.user_id = u.user_id) AS has_factor,
              (SELECT count(*)::int FROM ${schema}.recovery_codes r WHERE r.user_id = u.user_id) AS codes
       FROM unnest($1::text[]) AS u(user_id)`,
      [users],
    );
    for (const row of rows) expect([row.user_id, row.codes]).toEqual([row.user_id, row.has_factor ? 10 : 0]);

    // The survivors still serve everyone: each user's state reads the same from both.
    for (const user of users) {
      const [one, two] = await Promise.all(survivors.map((s) => s.call('GET', '', { user, now: T0 + 200_000 })));
      expect(one!.status).toBe(200);
      expect(two!.body).toEqual(one!.body);
    }
  }, 90_000);
});
