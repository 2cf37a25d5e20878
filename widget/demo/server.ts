/**
 * `startDemo()`: the demo site in-process (what `npm start` runs, and what end-to-end tests
 * start on an ephemeral port with a temporary data directory).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { createTwoFactor, sqliteStore, type TwoFactorEvent, type TwoFactorEventType, type TwoFactorStore } from '../server';
import { openDemoAccounts } from './demo-accounts';
import { createDemoApp } from './demo-app';
import { prepareDataDir, type DemoCredentials } from './demo-data';
import { createSessionCodec } from './demo-session';
import { openPasswordThrottle } from './password-throttle';
import { SITE_NAME } from './pages/layout';

export type DemoOptions = {
  /** 0 = an ephemeral port. Default 8787. */
  port?: number;
  /** The address to listen on. Default 127.0.0.1. */
  host?: string;
  /** Keys and SQLite files. Default `.data/` in the current directory. */
  dataDir?: string;
  /**
   * Extra allowed origins. The hostname of each is also allowed at the chosen port, so tests
   * that map names to 127.0.0.1 (Chromium `--host-resolver-rules`) can pass
   * `http://acme.test` before the port is known. localhost and 127.0.0.1 are always allowed.
   */
  origins?: string[];
  /** Hostnames that reach this server (acme.test, login.acme.test): `http://NAME:PORT` is allowed. */
  hostnames?: string[];
  /** Create the demo user (credentials in `demoUser`). Default true. */
  seedUser?: boolean;
  /** The widget bundle served at /two-factor.js. Default dist/widget/two-factor.js. */
  widgetBundlePath?: string;
  /**
   * A postgres:// URL: the two-factor store moves to PostgreSQL (schema `databaseSchema`, default
   * two_factor), as on a site with several servers. Accounts and keys stay in `dataDir`.
   */
  databaseUrl?: string;
  databaseSchema?: string;
  /** Receives the two-factor library's events (the demo logs them otherwise). */
  onEvent?: (event: TwoFactorEvent) => void;
  /** The clock, in ms (tests move it to get past throttle waits). Default `Date.now`. */
  now?: () => number;
};

/** The two-factor changes after which every other session of the user must sign in again. */
const SESSION_ENDING_EVENTS: ReadonlySet<TwoFactorEventType> = new Set(['enabled', 'reset', 'disabled', 'recovery_codes_regenerated']);

export type RunningDemo = {
  /** http://localhost:PORT */
  url: string;
  port: number;
  /** Every origin the API accepts state-changing requests from. */
  allowedOrigins: string[];
  close(): Promise<void>;
  demoUser: DemoCredentials;
};

const ROOT = resolve(import.meta.dirname, '../..');
export const WIDGET_BUNDLE_PATH = resolve(ROOT, 'dist/widget/two-factor.js');
const PUBLIC_DIR = resolve(import.meta.dirname, 'public');

export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const dataDir = resolve(options.dataDir ?? '.data');
  const data = prepareDataDir(dataDir);
  const store = options.databaseUrl ? await openPostgresStore(options.databaseUrl, options.databaseSchema) : sqliteStore(data.twoFactorDb);
  const accounts = openDemoAccounts(data.accountsDb);
  const passwordThrottle = openPasswordThrottle(data.accountsDb);
  const now = options.now ?? Date.now;
  const sessions = createSessionCodec(Buffer.from(data.keys.sessionKey, 'base64'), (userId) => accounts.byId(userId)?.sessionVersion ?? null);
  const report = options.onEvent ?? ((event: TwoFactorEvent) => console.log(`two-factor event: ${event.type} for user ${event.userId}`));

  const seed = options.seedUser ?? true;
  if (seed && !accounts.byEmail(data.demoCredentials.email)) {
    await accounts.create({ email: data.demoCredentials.email, name: 'Demo User', password: data.demoCredentials.password }, now());
  }

  // Listen first: the allowed origins name the port, which is only known once listening.
  let app: Hono | null = null;
  // The env (node:http's incoming request) goes along: the password throttle reads the socket's address.
  const server = await listen(options.port ?? 8787, options.host ?? '127.0.0.1', (request, env) =>
    app ? app.fetch(request, env) : new Response('Starting', { status: 503 }),
  );
  const port = (server.address() as AddressInfo).port;
  const allowedOrigins = originsFor(port, options);

  const twoFactor = createTwoFactor({
    store,
    issuer: SITE_NAME,
    encryptionKey: data.keys.encryptionKey,
    allowedOrigins,
    now,
    async authenticate(request) {
      const session = sessions.read(request.headers.get('cookie'), now());
      const user = session ? accounts.byId(session.userId) : null;
      if (!session || !user) return null;
      return { userId: user.id, accountName: user.email, stage: session.stage, authenticatedAt: session.authenticatedAt };
    },
    async onVerified(request, userId) {
      return { 'Set-Cookie': sessions.start(userId, 'full', now(), new URL(request.url).protocol === 'https:') };
    },
    onEvent(event) {
      // Before the response leaves: the demo app then re-issues the changing browser's cookie.
      if (SESSION_ENDING_EVENTS.has(event.type)) accounts.bumpSessionVersion(event.userId);
      report(event);
    },
  });

  app = createDemoApp({
    accounts,
    passwordThrottle,
    twoFactor,
    sessions,
    allowedOrigins: new Set(allowedOrigins),
    widgetBundlePath: options.widgetBundlePath ?? WIDGET_BUNDLE_PATH,
    publicFiles: new Map([
      ['/demo.css', { type: 'text/css; charset=utf-8', body: readFileSync(resolve(PUBLIC_DIR, 'demo.css'), 'utf8') }],
      ['/demo.js', { type: 'text/javascript; charset=utf-8', body: readFileSync(resolve(PUBLIC_DIR, 'demo.js'), 'utf8') }],
      ['/favicon.svg', { type: 'image/svg+xml', body: readFileSync(resolve(PUBLIC_DIR, 'favicon.svg'), 'utf8') }],
    ]),
    now,
  });

  let closed: Promise<void> | null = null;
  return {
    url: `http://localhost:${port}`,
    port,
    allowedOrigins,
    demoUser: seed ? { ...data.demoCredentials } : { email: '', password: '' },
    close() {
      closed ??= new Promise<void>((done) => {
        server.close(() => done());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }).then(async () => {
        await store.close();
        accounts.close();
        passwordThrottle.close();
      });
      return closed;
    },
  };
}

/**
 * The PostgreSQL store, imported only when asked for (`pg` is an optional dependency), migrated
 * now so a wrong URL stops the start with the reason instead of failing the first sign-in.
 */
async function openPostgresStore(url: string, schema: string | undefined): Promise<TwoFactorStore> {
  const { postgresStore } = await import('../server/postgres-store');
  const store = postgresStore(url, schema ? { schema } : {});
  try {
    await store.migrate();
  } catch (error) {
    await store.close();
    const where = new URL(url);
    throw new Error(`Could not open the two-factor store on PostgreSQL at ${where.host}${where.pathname}: ${(error as Error).message}`, { cause: error });
  }
  return store;
}

function originsFor(port: number, options: DemoOptions): string[] {
  const hostnames = new Set(['localhost', '127.0.0.1', ...(options.hostnames ?? [])]);
  const extra = options.origins ?? [];
  for (const origin of extra) hostnames.add(new URL(origin).hostname);
  return [...new Set([...[...hostnames].map((h) => `http://${h}:${port}`), ...extra.map((o) => new URL(o).origin)])];
}

function listen(port: number, hostname: string, fetch: (request: Request, env: unknown) => Response | Promise<Response>): Promise<ServerType> {
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch, port, hostname }, () => {
      server.off('error', fail);
      resolvePromise(server);
    });
    function fail(error: NodeJS.ErrnoException) {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${port} is already in use. Stop the other server or choose another port: PORT=8788 npm start`, { cause: error })
          : error,
      );
    }
    server.once('error', fail);
  });
}
