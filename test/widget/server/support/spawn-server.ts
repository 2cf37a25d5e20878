/** Starts `serve-fixture.ts` in its own Node process (through tsx) and waits until it listens. */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { ORIGIN_FIXTURE } from './fixture-origin';

export type ServerProcess = {
  url: string;
  child: ChildProcess;
  /** POST/GET/DELETE with the fixture's session headers; returns status and JSON body. */
  call(method: string, path: string, o?: { user?: string; stage?: 'password' | 'full'; body?: unknown; /** the server's clock for this request (ms) */ now?: number }): Promise<{ status: number; body: any }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
};

const FIXTURE = resolve(import.meta.dirname, 'serve-fixture.ts');

/** The store: DB_PATH (SQLite) or DATABASE_URL with PG_SCHEMA (PostgreSQL). */
export type ServerEnv = { ENCRYPTION_KEY: string; NOW_MS?: string } & ({ DB_PATH: string } | { DATABASE_URL: string; PG_SCHEMA: string });

export async function spawnServer(env: ServerEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const port = await new Promise<number>((done, fail) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /LISTENING (\d+)/.exec(out);
      if (match) done(Number(match[1]));
    });
    child.once('exit', (code) => fail(new Error(`fixture exited (${code}) before listening: ${stderr}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    child,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { origin: ORIGIN_FIXTURE, 'x-test-user': o.user ?? 'alice', 'x-test-stage': o.stage ?? 'full' };
      if (o.body !== undefined) headers['content-type'] = 'application/json';
      if (o.now !== undefined) headers['x-test-now'] = String(o.now);
      const response = await fetch(`${url}/api/2fa${path}`, { method, headers, body: o.body === undefined ? null : JSON.stringify(o.body) });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((done) => {
        child.once('exit', () => done());
        child.kill(signal);
      });
    },
  };
}
