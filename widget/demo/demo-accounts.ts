/**
 * The demo site's own user accounts (email + scrypt password) in a small SQLite table, with
 * each user's session version: bumping it ends every session cookie issued before.
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './password-hash';

export type DemoUser = {
  id: string;
  email: string;
  name: string;
  createdAt: number;
  /** Session cookies carry the version they were issued at; only the current one is valid. */
  sessionVersion: number;
};

export type DemoAccounts = {
  create(input: { email: string; name: string; password: string }, now: number): Promise<DemoUser | null>;
  /** The user when email and password match, else null (same work either way). */
  signIn(email: string, password: string): Promise<DemoUser | null>;
  checkPassword(userId: string, password: string): Promise<boolean>;
  byId(userId: string): DemoUser | null;
  byEmail(email: string): DemoUser | null;
  /** Ends every session of `userId` (sign-out, a two-factor change): returns the new version. */
  bumpSessionVersion(userId: string): number;
  close(): void;
};

type Row = { id: string; email: string; name: string; password_hash: string; created_at: number; session_version: number };

/** A real hash of a random password, so unknown emails cost as much as wrong passwords. */
let decoyHash: Promise<string> | null = null;

export function openDemoAccounts(path: string): DemoAccounts {
  const db = new Database(path, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS demo_users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT`);
  // Added after the first release of the demo: existing data directories get the column too.
  const columns = db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all('demo_users');
  if (!columns.some((c) => c.name === 'session_version')) db.exec('ALTER TABLE demo_users ADD COLUMN session_version INTEGER NOT NULL DEFAULT 0');
  const byEmail = db.prepare<[string], Row>('SELECT * FROM demo_users WHERE email = ?');
  const byId = db.prepare<[string], Row>('SELECT * FROM demo_users WHERE id = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO demo_users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const bump = db.prepare<[string], { session_version: number }>('UPDATE demo_users SET session_version = session_version + 1 WHERE id = ? RETURNING session_version');
  const toUser = (row: Row): DemoUser => ({ id: row.id, email: row.email, name: row.name, createdAt: row.created_at, sessionVersion: row.session_version });

  return {
    async create({ email, name, password }, now) {
      const hash = await hashPassword(password);
      const id = randomBytes(12).toString('base64url');
      const inserted = insert.run(id, email, name, hash, now).changes === 1;
      return inserted ? toUser(byId.get(id)!) : null;
    },
    async signIn(email, password) {
      const row = byEmail.get(email);
      decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
      const ok = await verifyPassword(password, row?.password_hash ?? (await decoyHash));
      return row && ok ? toUser(row) : null;
    },
    async checkPassword(userId, password) {
      const row = byId.get(userId);
      return row ? verifyPassword(password, row.password_hash) : false;
    },
    byId(userId) {
      const row = byId.get(userId);
      return row ? toUser(row) : null;
    },
    byEmail(email) {
      const row = byEmail.get(email);
      return row ? toUser(row) : null;
    },
    bumpSessionVersion(userId) {
      return bump.get(userId)?.session_version ?? 0;
    },
    close() {
      if (db.open) db.close();
    },
  };
}
