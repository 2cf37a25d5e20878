/**
 * Drives `createTwoFactor(...).handle()` with real `Request` objects against a real store, with a
 * clock the test moves and sessions the test sets per user. The store is SQLite in a temporary
 * file unless TWO_FACTOR_TEST_STORE says `memory` or `postgres` (vitest.config.ts runs the server
 * suites once per store); `dbPath` names where the data lives, so a second harness given it
 * reopens the same data (a restart, another server).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTwoFactor, generateEncryptionKey, memoryStore, sqliteStore, type TwoFactor, type TwoFactorEvent, type TwoFactorStore } from '../../../../widget/server';
import { postgresStore } from '../../../../widget/server/postgres-store';
import { freshSchema, pgTestUrl } from '../../../support/postgres-test-db';
import { generateCode, parseKeyUri, type OtpParams } from '../../../../shared/otp';
import type { ConfirmEnrollmentResponse, Enrollment } from '../../../../shared/protocol/two-factor-api';

export const ORIGIN = 'https://acme.test';
export const BASE = '/api/2fa';
/** 2030-01-01T00:00:00Z, the start of a 30-second step. */
export const T0 = Date.UTC(2030, 0, 1);

export type TestSession = { stage: 'password' | 'full'; /** default: always "just now" */ authenticatedAt?: number };

export type CallOptions = {
  user?: string | null;
  body?: unknown;
  /** Sent as-is instead of JSON.stringify(body). */
  rawBody?: string | Uint8Array | ReadableStream<Uint8Array>;
  /** Default ORIGIN for POST/DELETE, none for GET; null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
};

export type CallResult = { status: number; headers: Headers; body: any };

export type StoreKind = 'sqlite' | 'memory' | 'postgres';

/** The store the server suites run on in this test run. */
export const STORE_KIND: StoreKind = parseStoreKind(process.env.TWO_FACTOR_TEST_STORE);

export type HarnessOptions = {
  store?: StoreKind;
  /** Where the data lives: the SQLite file, the PostgreSQL schema, or the memory store's name. */
  dbPath?: string;
  encryptionKey?: string;
  previousEncryptionKeys?: string[];
  freshAuthMs?: number;
  now?: number;
  allowedOrigins?: string[];
};

export type Harness = Awaited<ReturnType<typeof makeHarness>>;

export async function makeHarness(options: HarnessOptions = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'two-factor-test-'));
  const kind = options.store ?? STORE_KIND;
  const dbPath = options.dbPath ?? (kind === 'sqlite' ? join(dir, 'two-factor.sqlite') : kind === 'postgres' ? freshSchema() : dir);
  const encryptionKey = options.encryptionKey ?? generateEncryptionKey();
  const clock = { now: options.now ?? T0 };
  const events: TwoFactorEvent[] = [];
  const sessions = new Map<string, TestSession>();
  const verifiedHeaders: Array<{ userId: string }> = [];
  const store = openStore(kind, dbPath);
  const tf: TwoFactor = createTwoFactor({
    store,
    issuer: 'Acme Test',
    encryptionKey,
    ...(options.previousEncryptionKeys ? { previousEncryptionKeys: options.previousEncryptionKeys } : {}),
    ...(options.freshAuthMs !== undefined ? { freshAuthMs: options.freshAuthMs } : {}),
    allowedOrigins: options.allowedOrigins ?? [ORIGIN],
    now: () => clock.now,
    onEvent: (event) => events.push(event),
    async authenticate(request) {
      const userId = request.headers.get('x-test-user');
      const session = userId ? sessions.get(userId) : undefined;
      if (!userId || !session) return null;
      return { userId, accountName: `${userId}@acme.test`, stage: session.stage, authenticatedAt: session.authenticatedAt ?? clock.now };
    },
    async onVerified(_request, userId) {
      verifiedHeaders.push({ userId });
      return { 'Set-Cookie': `session=full-${userId}; HttpOnly; SameSite=Lax` };
    },
  });

  async function call(method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
    const headers = new Headers(o.headers);
    const user = o.user === undefined ? 'alice' : o.user;
    if (user !== null) {
      if (!sessions.has(user)) sessions.set(user, { stage: 'full' });
      headers.set('x-test-user', user);
    }
    const origin = o.origin === undefined ? (method === 'GET' ? null : ORIGIN) : o.origin;
    if (origin !== null) headers.set('origin', origin);
    let body: BodyInit | undefined;
    if (o.rawBody !== undefined) body = o.rawBody as BodyInit;
    else if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const init: RequestInit & { duplex?: 'half' } = { method, headers };
    if (body !== undefined) init.body = body;
    if (body instanceof ReadableStream) init.duplex = 'half';
    const response = await tf.handle(new Request(`${ORIGIN}${BASE}${path}`, init));
    if (!response) throw new Error(`handle() returned null for ${path}`);
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
  }

  /** Starts an enrolment for `user` (while disabled) and returns it with its parsed params. */
  async function enroll(user = 'alice', body: unknown = {}): Promise<Enrollment & { params: OtpParams }> {
    const result = await call('POST', '/enrollments', { user, body });
    if (result.status !== 201) throw new Error(`enroll: ${result.status} ${JSON.stringify(result.body)}`);
    return { ...result.body, params: parseKeyUri(result.body.otpauthUri) };
  }

  /** Enrols and confirms: two-factor on, with the recovery codes and the params. */
  async function enable(user = 'alice'): Promise<{ params: OtpParams; recoveryCodes: string[]; enrollment: Enrollment }> {
    const enrollment = await enroll(user);
    const confirm = await call('POST', `/enrollments/${enrollment.id}/confirm`, { user, body: { code: generateCode(enrollment.params, clock.now) } });
    if (confirm.status !== 200) throw new Error(`confirm: ${confirm.status} ${JSON.stringify(confirm.body)}`);
    const body = confirm.body as ConfirmEnrollmentResponse;
    // The set-up code used this step; move to the next so tests start with a fresh code.
    clock.now += 30_000;
    return { params: enrollment.params, recoveryCodes: body.recoveryCodes ?? [], enrollment };
  }

  return {
    tf,
    store,
    kind,
    dbPath,
    dir,
    encryptionKey,
    clock,
    events,
    verifiedHeaders,
    sessions,
    call,
    enroll,
    enable,
    /** Sets `user`'s session. */
    session(user: string, session: TestSession) {
      sessions.set(user, session);
    },
    code(params: OtpParams, at = clock.now) {
      return generateCode(params, at);
    },
    async close() {
      await store.close();
      if (!options.dbPath) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Memory stores by name, so a harness given another's `dbPath` finds its data, as with a file. */
const memoryStores = new Map<string, TwoFactorStore>();

function openStore(kind: StoreKind, dbPath: string): TwoFactorStore {
  if (kind === 'sqlite') return sqliteStore(dbPath);
  if (kind === 'postgres') return postgresStore(pgTestUrl(), { schema: dbPath, maxConnections: 4 });
  let store = memoryStores.get(dbPath);
  if (!store) memoryStores.set(dbPath, (store = memoryStore()));
  return store;
}

function parseStoreKind(value: string | undefined): StoreKind {
  if (value === undefined || value === '' || value === 'sqlite') return 'sqlite';
  if (value === 'memory' || value === 'postgres') return value;
  throw new Error(`TWO_FACTOR_TEST_STORE must be sqlite, memory or postgres, got "${value}".`);
}

/** A wrong code that is certainly not the right one for any step in the window. */
export function wrongCode(params: OtpParams, at: number): string {
  const taken = new Set([-1, 0, 1].map((d) => generateCode(params, at + d * 30_000)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!taken.has(candidate)) return candidate;
  }
}
