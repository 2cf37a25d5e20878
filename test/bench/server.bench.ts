/**
 * Server `POST /api/2fa/verify` over loopback: the library on SQLite, 10,000 seeded users each
 * sending one fresh valid code, against a bare node:http JSON endpoint in the same run (the
 * budget: >= 50% of its throughput). Each server runs alone in a child process (this file,
 * re-run with SERVER_BENCH_ROLE), so the load generator here does not share its thread.
 *
 * Then the same on PostgreSQL (a throwaway durable cluster, or PG_TEST_URL): one server process,
 * then two on the same database with the load spread over both, with the queries each
 * verification sends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { generateCode, parseKeyUri, type OtpParams } from '../../shared/otp';
import pg from 'pg';
import { createTwoFactor, generateEncryptionKey, sqliteStore, type TwoFactorStore } from '../../widget/server';
import { postgresStore } from '../../widget/server/postgres-store';
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster';
import { percentile, type Bench, type BenchRow } from './harness';

const USERS = 10_000;
// Enough requests for V8 to finish optimising each server's hot code: after only 1,000, a
// quarter of the floor server's CPU time still went to TurboFan compiling (perf record).
const WARM_UP = 5_000;
const CONCURRENCY = 32;
const ORIGIN = 'http://bench.test';
const BASE = '/api/2fa';

type Role = 'bare' | 'hono-floor' | 'two-factor';

/** Child side: serve one endpoint on an ephemeral port and print `LISTENING <port>`. */
async function serveRole(role: Role): Promise<void> {
  const ready = (port: number) => process.stdout.write(`LISTENING ${port}\n`);
  if (role === 'bare') {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const body = JSON.stringify({ ok: true });
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
    server.listen(0, '127.0.0.1', () => ready((server.address() as AddressInfo).port));
    return;
  }
  if (role === 'hono-floor') {
    // The library's adapter path doing only what the bare endpoint does (read and parse the
    // JSON body, answer a constant JSON body): what the adapter costs before any of our work.
    const headers = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' };
    serve(
      {
        fetch: async (req) => {
          JSON.parse(await req.text());
          return new Response(JSON.stringify({ ok: true }), { status: 200, headers });
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      (info) => ready(info.port),
    );
    return;
  }
  const offset = Number(process.env.CLOCK_OFFSET_MS ?? 0);
  const twoFactor = createTwoFactor({
    store: process.env.DATABASE_URL ? countedPostgresStore(process.env.DATABASE_URL, process.env.PG_SCHEMA!) : sqliteStore(process.env.DB_PATH!),
    issuer: 'Bench',
    encryptionKey: process.env.ENCRYPTION_KEY!,
    allowedOrigins: [ORIGIN],
    // Later runs on the same users move the clock on, so their codes are fresh steps.
    now: () => Date.now() + offset,
    // A site's cookie lookup stands here: the user id from a header, a password-stage session.
    authenticate: async (req) => ({ userId: req.headers.get('x-bench-user')!, accountName: 'bench', stage: 'password', authenticatedAt: Date.now() }),
  });
  serve({ fetch: async (req) => (await twoFactor.handle(req)) ?? new Response(null, { status: 404 }), port: 0, hostname: '127.0.0.1' }, (info) => ready(info.port));
}

/** Statements this process has sent to PostgreSQL. */
let queries = 0;

/** The PostgreSQL store on a pool that counts the statements sent through it. */
function countedPostgresStore(url: string, schema: string): TwoFactorStore {
  const pool = new pg.Pool({ connectionString: url, max: CONCURRENCY });
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: typeof query }).query = (...args) => {
    queries++;
    return query(...args);
  };
  return postgresStore(pool, { schema });
}

const role = process.env.SERVER_BENCH_ROLE as Role | undefined;
if (role) {
  // The parent asks for the CPU time spent so far, to charge each server its own work per request.
  process.on('SIGUSR2', () => {
    const { user, system } = process.cpuUsage();
    process.stdout.write(`CPU ${user + system} QUERIES ${queries}\n`);
  });
  await serveRole(role);
}

type Child = { port: number; child: ChildProcess; usage(): Promise<{ cpuMicros: number; queries: number }> };

async function startChild(role: Role, env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename], {
    env: { ...process.env, ...env, SERVER_BENCH_ROLE: role },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /LISTENING (\d+)/.exec(out);
      if (m) done(Number(m[1]));
    });
    child.once('exit', (code) => fail(new Error(`${role} server exited (${code})`)));
  });
  const usage = () =>
    new Promise<{ cpuMicros: number; queries: number }>((done) => {
      let out = '';
      const onData = (c: Buffer) => {
        out += c;
        const m = /CPU (\d+) QUERIES (\d+)/.exec(out);
        if (!m) return;
        child.stdout!.off('data', onData);
        done({ cpuMicros: Number(m[1]), queries: Number(m[2]) });
      };
      child.stdout!.on('data', onData);
      child.kill('SIGUSR2');
    });
  return { port, child, usage };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

type Load = { perSecond: number; latencies: number[]; statuses: Map<number, number>; cpuPerRequestUs: number; queriesPerRequest: number; databaseCpuPerRequestUs: number };

/** Sends one POST per entry with `CONCURRENCY` keep-alive connections, spread evenly over `ports`. */
async function load(ports: number[], requests: Array<{ id: string; body: () => string }>): Promise<Load> {
  // Bodies are made just before sending starts (codes stay valid for a minute), so the load
  // generator spends its time on HTTP only.
  const users = requests.map((r) => ({ id: r.id, body: r.body() }));
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async (n: number) => {
    const port = ports[n % ports.length]!;
    while (next < users.length) {
      const user = users[next++]!;
      const body = user.body;
      const started = performance.now();
      const status = await new Promise<number>((done, fail) => {
        const req = request(
          {
            agent,
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: `${BASE}/verify`,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), origin: ORIGIN, 'x-bench-user': user.id },
          },
          (res) => {
            res.resume();
            res.on('end', () => done(res.statusCode ?? 0));
          },
        );
        req.on('error', fail);
        req.end(body);
      });
      latencies.push(performance.now() - started);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, n) => worker(n)));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: users.length / seconds, latencies, statuses, cpuPerRequestUs: NaN, queriesPerRequest: NaN, databaseCpuPerRequestUs: NaN };
}

/** Enrols and confirms `count` users through the library itself (in this process, same file), `parallel` at a time. */
async function seed(store: TwoFactorStore, encryptionKey: string, count: number, parallel = 1): Promise<Array<{ id: string; params: OtpParams }>> {
  const twoFactor = createTwoFactor({
    store,
    issuer: 'Bench',
    encryptionKey,
    allowedOrigins: [ORIGIN],
    authenticate: async (req) => ({ userId: req.headers.get('x-bench-user')!, accountName: 'bench', stage: 'full', authenticatedAt: Date.now() }),
  });
  const post = async (userId: string, path: string, body: unknown) => {
    const response = await twoFactor.handle(
      new Request(`${ORIGIN}${BASE}${path}`, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json', 'x-bench-user': userId }, body: JSON.stringify(body) }),
    );
    if (!response?.ok) throw new Error(`seeding ${path} failed: ${response?.status}`);
    return response.json();
  };
  const users: Array<{ id: string; params: OtpParams }> = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const id = `user-${i}`;
      const enrollment = await post(id, '/enrollments', {});
      const params = parseKeyUri(enrollment.otpauthUri);
      await post(id, `/enrollments/${enrollment.id}/confirm`, { code: generateCode(params, Date.now()) });
      users[i] = { id, params };
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  await store.close();
  return users;
}

/** Warms up, then measures the rest: throughput, latencies, and per measured request each server's CPU time and queries. */
async function measure(servers: Child[], batch: Array<{ id: string; body: () => string }>, database?: PostgresCluster | null): Promise<Load> {
  const ports = servers.map((s) => s.port);
  await load(ports, batch.slice(0, WARM_UP));
  const before = await Promise.all(servers.map((s) => s.usage()));
  const databaseBefore = database?.cpuMicros() ?? NaN;
  const result = await load(ports, batch.slice(WARM_UP));
  const after = await Promise.all(servers.map((s) => s.usage()));
  const measured = batch.length - WARM_UP;
  result.databaseCpuPerRequestUs = ((database?.cpuMicros() ?? NaN) - databaseBefore) / measured;
  result.cpuPerRequestUs = after.reduce((sum, u, i) => sum + u.cpuMicros - before[i]!.cpuMicros, 0) / measured;
  result.queriesPerRequest = after.reduce((sum, u, i) => sum + u.queries - before[i]!.queries, 0) / measured;
  await Promise.all(servers.map((s) => stop(s.child)));
  return result;
}

const bench: Bench = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'server-bench-'));
  try {
    const dbPath = join(dir, 'bench.sqlite');
    const encryptionKey = generateEncryptionKey();
    const seeded = await seed(sqliteStore(dbPath), encryptionKey, USERS + WARM_UP);
    // One step ahead of the server's clock: inside the window, and later than the set-up step.
    const requests = seeded.map((u) => ({ id: u.id, body: () => JSON.stringify({ code: generateCode(u.params, Date.now() + 30_000) }) }));
    const bareRequests = requests.map((r) => ({ id: r.id, body: () => JSON.stringify({ code: '123456' }) }));

    const run = async (server: Child, batch: typeof requests) => measure([server], batch);
    const bareBefore = await run(await startChild('bare'), bareRequests);
    const measured = await run(await startChild('two-factor', { DB_PATH: dbPath, ENCRYPTION_KEY: encryptionKey }), requests);
    const bareAfter = await run(await startChild('bare'), bareRequests);
    const floor = await run(await startChild('hono-floor'), bareRequests);

    const ok = measured.statuses.get(200) ?? 0;
    if (ok !== USERS) throw new Error(`expected ${USERS} accepted codes, got ${JSON.stringify([...measured.statuses])}`);
    const bareRate = (bareBefore.perSecond + bareAfter.perSecond) / 2;
    const ratio = measured.perSecond / bareRate;
    const bareCpu = (bareBefore.cpuPerRequestUs + bareAfter.cpuPerRequestUs) / 2;
    const p99 = percentile(measured.latencies, 99);
    const bareP99 = percentile([...bareBefore.latencies, ...bareAfter.latencies], 99);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    return [
      {
        name: `POST /verify, SQLite, ${fmt(USERS)} users`,
        value: measured.perSecond,
        unit: 'req/s',
        budget: '>= 50% of bare node:http',
        withinBudget: ratio >= 0.5,
        note: `ratio ${(ratio * 100).toFixed(0)}% of bare node:http JSON ${fmt(bareRate)} req/s (${fmt(bareBefore.perSecond)} before, ${fmt(bareAfter.perSecond)} after); ${CONCURRENCY} connections`,
      },
      {
        name: 'POST /verify server CPU per request',
        value: measured.cpuPerRequestUs,
        unit: 'µs',
        // The bare server is limited by the load generator (one core each), ours by its own CPU,
        // so the CPU ratio is the stricter comparison.
        note: `bare node:http ${bareCpu.toFixed(0)} µs (CPU ratio ${((bareCpu / measured.cpuPerRequestUs) * 100).toFixed(0)}%); steadier than throughput on a busy machine`,
      },
      {
        name: 'Floor: constant JSON through @hono/node-server',
        value: floor.perSecond,
        unit: 'req/s',
        note: `${floor.cpuPerRequestUs.toFixed(0)} µs server CPU per request: the adapter's share, before any of our work`,
      },
      {
        name: 'POST /verify p99 latency',
        value: p99,
        unit: 'ms',
        note: `bare node:http p99 ${bareP99.toFixed(2)} ms; median ${percentile(measured.latencies, 50).toFixed(2)} ms`,
      },
      ...(await postgresRows(encryptionKey, bareRate, bareCpu, measured)),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * POST /verify on PostgreSQL: one process, then two on the same database (the same users one
 * minute later on the servers' clocks, so every code is a fresh step), beside the SQLite run.
 */
async function postgresRows(encryptionKey: string, bareRate: number, bareCpu: number, sqlite: Load): Promise<BenchRow[]> {
  let cluster: PostgresCluster | null = null;
  const url = process.env.PG_TEST_URL || (cluster = await startPostgresCluster({ durable: true })).url;
  const schema = `bench_${process.pid}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    const seeded = await seed(postgresStore(url, { schema }), encryptionKey, USERS + WARM_UP, CONCURRENCY);
    const requestsAt = (offset: number) =>
      seeded.map((u) => ({ id: u.id, body: () => JSON.stringify({ code: generateCode(u.params, Date.now() + offset + 30_000) }) }));
    const server = (offset: number) => startChild('two-factor', { DATABASE_URL: url, PG_SCHEMA: schema, ENCRYPTION_KEY: encryptionKey, CLOCK_OFFSET_MS: String(offset) });
    const one = await measure([await server(0)], requestsAt(0), cluster);
    const two = await measure(await Promise.all([server(60_000), server(60_000)]), requestsAt(60_000), cluster);
    for (const [name, result] of [['1 process', one], ['2 processes', two]] as const) {
      const ok = result.statuses.get(200) ?? 0;
      if (ok !== USERS) throw new Error(`PostgreSQL, ${name}: expected ${USERS} accepted codes, got ${JSON.stringify([...result.statuses])}`);
    }
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    return [
      {
        name: `POST /verify, PostgreSQL, ${fmt(USERS)} users, 1 process`,
        value: one.perSecond,
        unit: 'req/s',
        note: `${((one.perSecond / bareRate) * 100).toFixed(0)}% of bare node:http, ${((one.perSecond / sqlite.perSecond) * 100).toFixed(0)}% of SQLite; p99 ${percentile(one.latencies, 99).toFixed(2)} ms (SQLite ${percentile(sqlite.latencies, 99).toFixed(2)} ms); ${cluster ? 'a throwaway cluster, every commit flushed (synchronous_commit on)' : 'the PG_TEST_URL server'}`,
      },
      {
        name: 'POST /verify, PostgreSQL, server CPU per request',
        value: one.cpuPerRequestUs,
        unit: 'µs',
        note: `the Node process; PostgreSQL's processes add ${cluster ? `${one.databaseCpuPerRequestUs.toFixed(0)} µs` : 'an unmeasured share (PG_TEST_URL)'} (SQLite runs inside the Node process: ${sqlite.cpuPerRequestUs.toFixed(0)} µs in all); bare node:http ${bareCpu.toFixed(0)} µs`,
      },
      {
        name: 'POST /verify, PostgreSQL, queries per verify',
        value: one.queriesPerRequest,
        unit: 'queries',
        budget: '<= 2 (read the factor, one compare-and-set)',
        withinBudget: one.queriesPerRequest <= 2,
        note: `2 processes: ${two.queriesPerRequest.toFixed(2)}`,
      },
      {
        name: `POST /verify, PostgreSQL, 2 processes on one database`,
        value: two.perSecond,
        unit: 'req/s',
        note: `${(two.perSecond / one.perSecond).toFixed(2)}x of 1 process; p99 ${percentile(two.latencies, 99).toFixed(2)} ms; CPU per request ${two.cpuPerRequestUs.toFixed(0)} µs Node + ${two.databaseCpuPerRequestUs.toFixed(0)} µs PostgreSQL; ${os.availableParallelism()} cores shared by the load generator, both servers and PostgreSQL`,
      },
    ];
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.end();
    await cluster?.stop();
  }
}

export default bench;
