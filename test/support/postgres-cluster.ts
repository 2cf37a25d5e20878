/**
 * A throwaway PostgreSQL cluster for tests and the bench: `initdb` into a temporary folder, the
 * server on a free loopback port (and its socket in that folder), stopped and deleted by
 * `stop()`. Run as the `postgres` user when we are root (the server refuses to run as root).
 * `PG_TEST_URL` points the same callers at an existing server instead.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type PostgresCluster = {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  /** CPU time (µs, user + system) used so far by the server's processes that are still running: its connections' backends and helpers. */
  cpuMicros(): number;
  stop(): Promise<void>;
};

export const POSTGRES_MISSING_MESSAGE =
  'PostgreSQL is not installed: the PostgreSQL store tests need initdb and pg_ctl. Install it with ' +
  '`apt-get install -y postgresql` (Debian/Ubuntu; .ci/run does this), or point the tests at a running server with ' +
  'PG_TEST_URL=postgres://user:password@host:5432/database.';

/** The newest `/usr/lib/postgresql/<version>/bin` that has initdb, or null. */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

export type ClusterOptions = {
  /**
   * Keep every commit on disk (fsync, synchronous_commit): the bench's setting. Tests turn it
   * off, which changes no rule: only a crash of the whole machine could lose a commit.
   */
  durable?: boolean;
};

/** Starts a fresh cluster; throws `POSTGRES_MISSING_MESSAGE` when PostgreSQL is not installed. */
export async function startPostgresCluster(options: ClusterOptions = {}): Promise<PostgresCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(POSTGRES_MISSING_MESSAGE);
  const asRoot = process.getuid?.() === 0;
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr || result.stdout || result.error}`);
  };

  const dir = mkdtempSync(join(tmpdir(), 'two-factor-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    const settings = options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
    // A free port can be taken between our probe and the server's bind: try a few.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '30', '-o', [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c max_connections=200', ...settings].join(' '), 'start']);
      } catch (error) {
        if (attempt < 3) continue;
        throw new Error(`${(error as Error).message}\nserver log:\n${existsSync(log) ? readFileSync(log, 'utf8') : '(none)'}`);
      }
      const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        cpuMicros: () => processTreeCpuMicros(postmaster),
        async stop() {
          try {
            run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** utime + stime of `pid` and its children, from /proc (Linux), in µs. */
function processTreeCpuMicros(pid: number): number {
  const ticksPerSecond = 100; // USER_HZ on Linux
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name (which may hold spaces): state ppid ... utime(14) stime(15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(entry) !== pid && Number(fields[1]) !== pid) continue;
    total += Number(fields[11]) + Number(fields[12]);
  }
  return (total / ticksPerSecond) * 1_000_000;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
