/** The demo site's own user accounts (email + scrypt password) in a small SQLite table. */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './password-hash';

export type DemoUser = { id: string; email: string; name: string; createdAt: number };

export type DemoAccounts = {
  create(input: { email: string; name: string; password: string }, now: number): Promise<DemoUser | null>;
  /** The user when email and password match, else null (same work either way). */
  signIn(email: string, password: string): Promise<DemoUser | null>;
  checkPassword(userId: string, password: string): Promise<boolean>;
  byId(userId: string): DemoUser | null;
  byEmail(email: string): DemoUser | null;
  close(): void;
};

type Row = { id: string; email: string; name: string; password_hash: string; created_at: number };

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
  const byEmail = db.prepare<[string], Row>('SELECT * FROM demo_users WHERE email = ?');
  const byId = db.prepare<[string], Row>('SELECT * FROM demo_users WHERE id = ?');
  const insert = db.prepare('INSERT OR IGNORE INTO demo_users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
  const toUser = (row: Row): DemoUser => ({ id: row.id, email: row.email, name: row.name, createdAt: row.created_at });

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
    close() {
      if (db.open) db.close();
    },
  };
}
