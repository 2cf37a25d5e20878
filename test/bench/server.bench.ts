/**
 * Server `POST /api/2fa/verify` over loopback: the library on SQLite, 10,000 seeded users each
 * sending one fresh valid code, against a bare node:http JSON endpoint in the same run (DESIGN.md
 * budget: >= 50% of its throughput). Each server runs alone in a child process (this file,
 * re-run with SERVER_BENCH_ROLE), so the load generator here does not share its thread.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { generateCode, parseKeyUri, type OtpParams } from '../../shared/otp';
import { createTwoFactor, generateEncryptionKey, sqliteStore } from '../../widget/server';
import { percentile, type Bench } from './harness';

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
  const twoFactor = createTwoFactor({
    store: sqliteStore(process.env.DB_PATH!),
    issuer: 'Bench',
    encryptionKey: process.env.ENCRYPTION_KEY!,
    allowedOrigins: [ORIGIN],
    // A site's cookie lookup stands here: the user id from a header, a password-stage session.
    authenticate: async (req) => ({ userId: req.headers.get('x-bench-user')!, accountName: 'bench', stage: 'password', authenticatedAt: Date.now() }),
  });
  serve({ fetch: async (req) => (await twoFactor.handle(req)) ?? new Response(null, { status: 404 }), port: 0, hostname: '127.0.0.1' }, (info) => ready(info.port));
}

const role = process.env.SERVER_BENCH_ROLE as Role | undefined;
if (role) {
  // The parent asks for the CPU time spent so far, to charge each server its own work per request.
  process.on('SIGUSR2', () => {
    const { user, system } = process.cpuUsage();
    process.stdout.write(`CPU ${user + system}\n`);
  });
  await serveRole(role);
}

type Child = { port: number; child: ChildProcess; cpuMicros(): Promise<number> };

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
  const cpuMicros = () =>
    new Promise<number>((done) => {
      let out = '';
      const onData = (c: Buffer) => {
        out += c;
        const m = /CPU (\d+)/.exec(out);
        if (!m) return;
        child.stdout!.off('data', onData);
        done(Number(m[1]));
      };
      child.stdout!.on('data', onData);
      child.kill('SIGUSR2');
    });
  return { port, child, cpuMicros };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

type Load = { perSecond: number; latencies: number[]; statuses: Map<number, number>; cpuPerRequestUs: number };

/** Sends one POST per entry with `CONCURRENCY` keep-alive connections. */
async function load(port: number, requests: Array<{ id: string; body: () => string }>): Promise<Load> {
  // Bodies are made just before sending starts (codes stay valid for a minute), so the load
  // generator spends its time on HTTP only.
  const users = requests.map((r) => ({ id: r.id, body: r.body() }));
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
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
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSecond: users.length / seconds, latencies, statuses, cpuPerRequestUs: NaN };
}

/** Enrols and confirms `count` users through the library itself (in this process, same file). */
async function seed(dbPath: string, encryptionKey: string, count: number): Promise<Array<{ id: string; params: OtpParams }>> {
  const store = sqliteStore(dbPath);
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
  const users: Array<{ id: string; params: OtpParams }> = [];
  for (let i = 0; i < count; i++) {
    const id = `user-${i}`;
    const enrollment = await post(id, '/enrollments', {});
    const params = parseKeyUri(enrollment.otpauthUri);
    await post(id, `/enrollments/${enrollment.id}/confirm`, { code: generateCode(params, Date.now()) });
    users.push({ id, params });
  }
  await store.close();
  return users;
}

const bench: Bench = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'server-bench-'));
  try {
    const dbPath = join(dir, 'bench.sqlite');
    const encryptionKey = generateEncryptionKey();
    const seeded = await seed(dbPath, encryptionKey, USERS + WARM_UP);
    // One step ahead of the server's clock: inside the window, and later than the set-up step.
    const requests = seeded.map((u) => ({ id: u.id, body: () => JSON.stringify({ code: generateCode(u.params, Date.now() + 30_000) }) }));
    const bareRequests = requests.map((r) => ({ id: r.id, body: () => JSON.stringify({ code: '123456' }) }));

    /** Warms up, then measures the rest, with the server's own CPU time per measured request. */
    const run = async (server: Child, batch: typeof requests): Promise<Load> => {
      await load(server.port, batch.slice(0, WARM_UP));
      const cpuBefore = await server.cpuMicros();
      const result = await load(server.port, batch.slice(WARM_UP));
      result.cpuPerRequestUs = ((await server.cpuMicros()) - cpuBefore) / (batch.length - WARM_UP);
      await stop(server.child);
      return result;
    };
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
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

export default bench;
