/**
 * @phone-free/two-factor as a site owner installs it: the packed tarball in an empty folder
 * outside the repository (support/package-consumer.ts), type-checked from a strict consumer
 * under both module resolutions, and the node:http, Express 5 and Hono examples run on loopback
 * and driven over real HTTP with oathtool's codes: enrol -> confirm -> sign-in verify (a replayed
 * code refused) -> reset -> disable.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oathtoolTotp } from '../support/oathtool';
import { consumerWorkspace, packAndInstall, ROOT, strangerEnv, type Consumer } from './support/package-consumer';

const ORIGIN = 'https://shop.example';
const FIXTURES = join(ROOT, 'test/e2e/fixtures/package-consumer');
const EXAMPLES = join(ROOT, 'widget/examples');

let consumer: Consumer;

beforeAll(() => {
  consumer = packAndInstall((line) => console.log(line));
}, 600_000);

describe('the tarball', () => {
  it('holds built JavaScript, .d.ts, the README and the LICENSE, and no source, test, fixture, demo or example', () => {
    const paths = consumer.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/sqlite.js', 'dist/postgres.js', 'dist/node.js', 'dist/element.js', 'dist/two-factor.js']));
    const offending = paths.filter((p) => (/\.(ts|tsx|mts|cts)$/.test(p) && !/\.d\.ts$/.test(p)) || /(^|\/)(test|tests|fixtures?|demo|examples)(\/|$)/.test(p) || /\.test\.|\.e2e\./.test(p));
    expect(offending).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(consumer.dir, 'node_modules/@phone-free/two-factor/package.json'), 'utf8'));
    expect(manifest.version).toBe('0.2.0');
    expect(manifest.license).toBe('MIT');
  });

  it('resolves every entry point from the consumer folder', () => {
    const script = `
      const entries = ['@phone-free/two-factor', '@phone-free/two-factor/sqlite', '@phone-free/two-factor/postgres', '@phone-free/two-factor/node'];
      const out = {};
      for (const e of entries) out[e] = Object.keys(await import(e)).sort();
      out.script = import.meta.resolve('@phone-free/two-factor/two-factor.js');
      out.element = import.meta.resolve('@phone-free/two-factor/element');
      console.log(JSON.stringify(out));`;
    const out = JSON.parse(execFileSync('node', ['--input-type=module', '-e', script], { cwd: consumer.dir, encoding: 'utf8', env: strangerEnv() }));
    expect(out['@phone-free/two-factor']).toEqual(expect.arrayContaining(['createTwoFactor', 'memoryStore', 'generateEncryptionKey', 'TwoFactorError']));
    expect(out['@phone-free/two-factor']).not.toContain('sqliteStore');
    expect(out['@phone-free/two-factor/sqlite']).toEqual(['sqliteStore']);
    expect(out['@phone-free/two-factor/postgres']).toEqual(['postgresStore']);
    expect(out['@phone-free/two-factor/node']).toEqual(['toNodeHandler']);
    expect(out.script).toMatch(/node_modules\/@phone-free\/two-factor\/dist\/two-factor\.js$/);
    expect(out.element).toMatch(/dist\/element\.js$/);
  });

  it('says which package to install when the optional better-sqlite3 or pg is missing', () => {
    // The installed package alone, in a folder outside the consumer (resolution walks up).
    const bare = mkdtempSync(join(tmpdir(), 'two-factor-no-sqlite-'));
    cpSync(join(consumer.dir, 'node_modules/@phone-free/two-factor'), join(bare, 'node_modules/@phone-free/two-factor'), { recursive: true });
    writeFileSync(join(bare, 'package.json'), '{"type":"module"}');
    const script = `
      const { sqliteStore } = await import('@phone-free/two-factor/sqlite');
      const { postgresStore } = await import('@phone-free/two-factor/postgres');
      const failure = (open) => { try { open(); return {}; } catch (e) { return { name: e.name, code: e.code, message: e.message }; } };
      console.log(JSON.stringify([failure(() => sqliteStore(':memory:')), failure(() => postgresStore('postgres://localhost/app'))]));`;
    const [sqlite, postgres] = JSON.parse(execFileSync('node', ['--input-type=module', '-e', script], { cwd: bare, encoding: 'utf8', env: strangerEnv() }));
    rmSync(bare, { recursive: true, force: true });
    expect(sqlite).toMatchObject({ name: 'TwoFactorError', code: 'missing_peer_dependency' });
    expect(sqlite.message).toContain('npm install better-sqlite3');
    expect(postgres).toMatchObject({ name: 'TwoFactorError', code: 'missing_peer_dependency' });
    expect(postgres.message).toContain('npm install pg');
  });
});

describe('type-checking a strict consumer', () => {
  for (const resolution of ['bundler', 'nodenext']) {
    it(`accepts every entry point with moduleResolution ${resolution}, and refuses wrong uses`, () => {
      const dir = consumerWorkspace(consumer, `types-${resolution}`);
      cpSync(FIXTURES, dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      const tsc = join(consumer.dir, 'node_modules/typescript/bin/tsc');
      const result = spawnText('node', [tsc, '-p', `tsconfig.${resolution}.json`], dir);
      expect(result.output).toBe('');
      expect(result.status).toBe(0);
    });
  }

  it('type-checks the Next.js App Router example against next’s own types', () => {
    const dir = consumerWorkspace(consumer, 'types-next');
    cpSync(join(EXAMPLES, 'nextjs'), join(dir, 'nextjs'), { recursive: true });
    cpSync(join(FIXTURES, 'tsconfig.next.json'), join(dir, 'tsconfig.json'));
    const tsc = join(consumer.dir, 'node_modules/typescript/bin/tsc');
    const result = spawnText('node', [tsc, '-p', 'tsconfig.json'], dir);
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  });
});

describe.each([
  ['node:http example', EXAMPLES, 'node-http.mjs'],
  ['Express 5 example', EXAMPLES, 'express.mjs'],
  ['Hono example', EXAMPLES, 'hono.mjs'],
  ['Connect app', FIXTURES, 'connect-app.mjs'],
])('the %s over real HTTP', (_name, source, file) => {
  let app: RunningExample;
  beforeAll(async () => {
    app = await startExample(source, file);
  }, 60_000);
  afterAll(() => app?.stop());

  it('serves the widget script the package ships', async () => {
    const response = await fetch(`${app.url}/two-factor.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(await response.text()).toBe(readFileSync(join(consumer.dir, 'node_modules/@phone-free/two-factor/dist/two-factor.js'), 'utf8'));
  });

  it('walks enrol -> confirm -> sign-in verify (a replay refused) -> reset -> disable', async () => {
    const user = `user-${randomBytes(4).toString('hex')}`;
    const api = (method: string, path: string, body?: unknown, stage: 'full' | 'password' = 'full') =>
      fetch(`${app.url}/api/2fa${path}`, {
        method,
        headers: { 'x-demo-user': user, 'x-demo-stage': stage, ...(method === 'GET' ? {} : { origin: ORIGIN, 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    const enrol = await api('POST', '/enrollments', {});
    expect(enrol.status).toBe(201);
    const enrolment = await enrol.json();
    expect(enrolment).toMatchObject({ issuer: 'Example', account: `${user}@example.com`, digits: 6, period: 30 });

    const firstCode = oathtoolTotp(enrolment.secret, Date.now());
    const confirm = await api('POST', `/enrollments/${enrolment.id}/confirm`, { code: firstCode });
    expect(confirm.status).toBe(200);
    const confirmed = await confirm.json();
    expect(confirmed.state).toBe('enabled');
    expect(confirmed.recoveryCodes).toHaveLength(10);

    const replay = await api('POST', '/verify', { code: firstCode }, 'password');
    expect(replay.status).toBe(422);
    expect((await replay.json()).error.code).toBe('invalid_code');
    // The next step's code (the server accepts one step ahead) signs in.
    const verify = await api('POST', '/verify', { code: oathtoolTotp(enrolment.secret, Date.now() + 30_000) }, 'password');
    expect(verify.status).toBe(200);
    expect(await verify.json()).toEqual({ ok: true });

    // Reset with a recovery code: a new secret, confirmed with its own code.
    const reset = await api('POST', '/enrollments', { code: confirmed.recoveryCodes[0] });
    expect(reset.status).toBe(201);
    const replacement = await reset.json();
    expect(replacement.secret).not.toBe(enrolment.secret);
    const confirmReset = await api('POST', `/enrollments/${replacement.id}/confirm`, { code: oathtoolTotp(replacement.secret, Date.now()) });
    expect(confirmReset.status).toBe(200);
    expect((await confirmReset.json()).state).toBe('enabled');
    const oldSecret = await api('POST', '/verify', { code: oathtoolTotp(enrolment.secret, Date.now() + 30_000) }, 'password');
    expect(oldSecret.status).toBe(422);

    const disable = await api('POST', '/disable', { code: oathtoolTotp(replacement.secret, Date.now() + 30_000) });
    expect(disable.status).toBe(200);
    expect(await disable.json()).toEqual({ state: 'disabled' });
    const status = await api('GET', '');
    expect(await status.json()).toMatchObject({ state: 'disabled', pendingEnrollment: null });
  });

  it('keeps the rules: no Origin 403, a body over 4 KB 413, signed out 401', async () => {
    const headers = { 'x-demo-user': 'mallory', 'content-type': 'application/json' };
    expect((await fetch(`${app.url}/api/2fa/enrollments`, { method: 'POST', headers, body: '{}' })).status).toBe(403);
    expect((await fetch(`${app.url}/api/2fa/verify`, { method: 'POST', headers: { ...headers, origin: ORIGIN }, body: JSON.stringify({ code: 'x'.repeat(5000) }) })).status).toBe(413);
    expect((await fetch(`${app.url}/api/2fa`)).status).toBe(401);
  });

  if (file === 'express.mjs' || file === 'connect-app.mjs') {
    it('leaves the app’s routes declared after the middleware working, bodies included', async () => {
      const hello = await fetch(`${app.url}/hello`);
      expect(await hello.text()).toBe('hello from the app');
      const echo = await fetch(`${app.url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: 1 }) });
      expect(await echo.json()).toEqual({ youSent: { a: 1 } });
    });
  }
});

type RunningExample = { url: string; stop(): void };

/** Copies an app and the examples' shared setup into the consumer folder and starts it with a fresh database and key. */
async function startExample(source: string, file: string): Promise<RunningExample> {
  const dir = consumerWorkspace(consumer, file.replace('.mjs', ''));
  cpSync(join(EXAMPLES, 'two-factor.mjs'), join(dir, 'two-factor.mjs'));
  cpSync(join(source, file), join(dir, file));
  mkdirSync(join(dir, 'data'));
  const child: ChildProcess = spawn('node', [file], {
    cwd: dir,
    env: strangerEnv({ PORT: '0', ORIGIN, TWO_FACTOR_DB: join(dir, 'data', 'two-factor.sqlite'), TWO_FACTOR_KEY: randomBytes(32).toString('base64') }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code}:\n${output}`));
    });
  });
  return { url, stop: () => child.kill() };
}

function spawnText(command: string, args: string[], cwd: string): { status: number | null; output: string } {
  try {
    return { status: 0, output: execFileSync(command, args, { cwd, encoding: 'utf8', env: strangerEnv(), stdio: ['ignore', 'pipe', 'pipe'] }).trim() };
  } catch (error) {
    const e = error as { status: number | null; stdout?: string; stderr?: string };
    return { status: e.status, output: `${e.stdout ?? ''}${e.stderr ?? ''}`.trim() };
  }
}
