/**
 * The package as a stranger gets it: `npm pack -w widget`, then the tarball installed from the
 * registry's point of view into an empty folder outside the repository, together with the
 * frameworks the examples use. better-sqlite3 compiles from source on these machines (1-2 min),
 * so the installed folder is kept in the OS temp directory under the hash of the tarball and of
 * that dependency list: a rerun with the same package reuses it, a changed package gets a
 * fresh one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

/** What the consumer folder installs besides the tarball, pinned to majors a site would use. */
export const CONSUMER_DEPENDENCIES = [
  'express@5',
  '@types/express@5',
  'connect@3',
  'hono@4',
  '@hono/node-server@2',
  'better-sqlite3@12',
  'pg@8',
  '@types/pg@8',
  'typescript@7.0',
  '@types/node@20',
  '@types/react@19',
  'next@16.4',
  'react@19',
  'react-dom@19',
];

export type PackedFile = { path: string; size: number };

export type Consumer = {
  /** The installed folder: package.json, node_modules, the tarball. */
  dir: string;
  tarball: string;
  /** What `npm pack` put in the tarball. */
  files: PackedFile[];
};

const CACHE_PREFIX = 'phone-free-two-factor-consumer-';
const READY = '.installed';

/** Builds and packs the workspace, then returns a consumer folder with the tarball installed. */
export function packAndInstall(log: (line: string) => void = () => {}): Consumer {
  execFileSync('npm', ['run', '--silent', 'build', '-w', 'widget'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  const packDir = mkdtempSync(join(tmpdir(), 'two-factor-pack-'));
  // The build ran just above; --ignore-scripts keeps prepack's output out of the JSON.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '-w', 'widget', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8' }),
  ) as Array<{ filename: string; files: PackedFile[] }>;
  const entry = packed[0]!;
  const packedPath = join(packDir, entry.filename);
  // The folder depends on the tarball and on what is installed beside it.
  const hash = createHash('sha256').update(readFileSync(packedPath)).update(CONSUMER_DEPENDENCIES.join('\n')).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), `${CACHE_PREFIX}${hash}`);
  const tarball = join(dir, entry.filename);
  if (existsSync(join(dir, READY))) {
    log(`package consumer: reusing ${dir}`);
  } else {
    const started = Date.now();
    const staging = mkdtempSync(join(tmpdir(), `${CACHE_PREFIX}staging-`));
    writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'two-factor-consumer', private: true, type: 'module' }, null, 2));
    cpSync(packedPath, join(staging, entry.filename));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `./${entry.filename}`, ...CONSUMER_DEPENDENCIES], {
      cwd: staging,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: strangerEnv(),
    });
    writeFileSync(join(staging, READY), new Date().toISOString());
    if (existsSync(join(dir, READY))) {
      // Another run installed the same package meanwhile and may be using it: keep theirs.
      rmSync(staging, { recursive: true, force: true });
    } else {
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    }
    log(`package consumer: installed into ${dir} in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  rmSync(packDir, { recursive: true, force: true });
  dropStaleConsumers(dir);
  return { dir, tarball, files: entry.files };
}

/**
 * The environment without what `npm test` exports about this repository (npm_package_*,
 * npm_config_local_prefix, ...), so the child npm and node see a stranger's folder.
 */
export function strangerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig']);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith('npm_') || keep.has(key.toLowerCase())) env[key] = value;
  }
  return { ...env, ...extra };
}

/** Other hashes' folders left by earlier runs, once they are a day old (another run may be using a newer one). */
function dropStaleConsumers(keep: string): void {
  const dayAgo = Date.now() - 24 * 3600_000;
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!name.startsWith(CACHE_PREFIX) || path === keep) continue;
    try {
      if (statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone already: another run cleaned it.
    }
  }
}

/** A fresh folder inside the consumer for one test's files, so they resolve its node_modules. */
export function consumerWorkspace(consumer: Consumer, name: string): string {
  const dir = join(consumer.dir, 'work', `${name}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
