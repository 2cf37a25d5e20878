/**
 * Real server processes sharing one SQLite file: a code is accepted once across all of them
 * (the last-step compare-and-set lives in the store), and a reset survives a SIGKILL between
 * reset and confirm with the old factor still working (make-before-break).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCode, parseKeyUri } from '../../../shared/otp';
import { generateEncryptionKey } from '../../../widget/server';
import { spawnServer, type ServerProcess } from './support/spawn-server';
import { T0 } from './support/harness';

let dir: string;
let env: { DB_PATH: string; ENCRYPTION_KEY: string };
const servers: ServerProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'two-factor-procs-'));
  env = { DB_PATH: join(dir, 'shared.sqlite'), ENCRYPTION_KEY: generateEncryptionKey() };
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.kill()));
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `verify-worker.ts` in its own process: `ready` once it has opened the store. */
function runWorker(workerEnv: Record<string, string>): { ready: Promise<void>; results: Promise<Array<{ ok: boolean; reason?: string }>> } {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'support/verify-worker.ts')], {
    env: { ...process.env, ...workerEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk) => (err += chunk));
  const ready = new Promise<void>((done, fail) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('READY')) done();
    });
    child.once('exit', () => fail(new Error(`worker exited before it was ready: ${err}`)));
  });
  const results = new Promise<Array<{ ok: boolean; reason?: string }>>((done, fail) => {
    child.once('exit', (code) => {
      const match = /RESULTS (.*)/.exec(out);
      if (code === 0 && match) done(JSON.parse(match[1]!));
      else fail(new Error(`worker failed (${code}): ${err}`));
    });
  });
  return { ready, results };
}

async function start(nowMs: number): Promise<ServerProcess> {
  const server = await spawnServer({ ...env, NOW_MS: String(nowMs) });
  servers.push(server);
  return server;
}

describe('two server processes sharing one SQLite file', () => {
  it('accept one valid code exactly once out of 50 verifications spread over both', async () => {
    const server = await start(T0);
    const created = await server.call('POST', '/enrollments', { body: {} });
    const params = parseKeyUri(created.body.otpauthUri);
    expect((await server.call('POST', `/enrollments/${created.body.id}/confirm`, { body: { code: generateCode(params, T0) } })).status).toBe(200);
    await server.kill();

    // Two processes, 25 verifications each, all started at once once both are ready.
    const code = generateCode(params, T0 + 30_000); // the next step: inside the window, not yet used
    const goFile = join(dir, 'go');
    const workers = [0, 1].map(() =>
      runWorker({ ...env, NOW_MS: String(T0), USER: 'alice', CODE: code, COUNT: '25', GO_FILE: goFile }),
    );
    await Promise.all(workers.map((w) => w.ready));
    writeFileSync(goFile, '');
    const results = (await Promise.all(workers.map((w) => w.results))).flat();
    expect(results).toHaveLength(50);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    // Every other attempt was refused as a used code or, once 5 had failed, throttled.
    expect(results.filter((r) => !r.ok).every((r) => r.reason === 'invalid_code' || r.reason === 'throttled')).toBe(true);
  }, 60_000);

  it('a reset pending when the server is SIGKILLed: the old factor still works, and the new one confirms after restart', async () => {
    const first = await start(T0);
    const created = await first.call('POST', '/enrollments', { body: {} });
    const oldParams = parseKeyUri(created.body.otpauthUri);
    expect((await first.call('POST', `/enrollments/${created.body.id}/confirm`, { body: { code: generateCode(oldParams, T0) } })).status).toBe(200);
    const reset = await first.call('POST', '/enrollments', { body: { code: generateCode(oldParams, T0 + 30_000) } });
    expect(reset.status).toBe(201);
    const newParams = parseKeyUri(reset.body.otpauthUri);
    await first.kill('SIGKILL');
    expect(first.child.signalCode).toBe('SIGKILL');

    const later = T0 + 120_000;
    const second = await start(later);
    const status = await second.call('GET', '');
    expect(status.body).toMatchObject({ state: 'enabled', pendingEnrollment: { id: reset.body.id } });
    // Until the new token is confirmed, the old one signs in; the new one does not.
    expect((await second.call('POST', '/verify', { stage: 'password', body: { code: generateCode(newParams, later) } })).status).toBe(422);
    expect((await second.call('POST', '/verify', { stage: 'password', body: { code: generateCode(oldParams, later) } })).status).toBe(200);

    const confirm = await second.call('POST', `/enrollments/${reset.body.id}/confirm`, { body: { code: generateCode(newParams, later) } });
    expect(confirm.status).toBe(200);
    expect(confirm.body.recoveryCodes).toBeUndefined();
    const next = later + 30_000;
    expect((await second.call('POST', '/verify', { stage: 'password', body: { code: generateCode(oldParams, next) } })).status).toBe(422);
    expect((await second.call('POST', '/verify', { stage: 'password', body: { code: generateCode(newParams, next) } })).status).toBe(200);
  }, 60_000);
});
