/**
 * The default `TwoFactorStore`: one SQLite file through better-sqlite3, in WAL mode so several
 * server processes can share it. Every read-modify-write step runs in a `BEGIN IMMEDIATE`
 * transaction (it takes the write lock before reading, so two processes never both act on the
 * same snapshot); single-statement compare-and-sets need no transaction.
 */
import type Database from 'better-sqlite3';
import { loadPeer } from './load-peer';
import { toEnrollment, type EnrollmentRow as SqlEnrollmentRow } from './enrollment-row';
import { TwoFactorError } from './two-factor-error';
import type { OtpAlgorithm } from '../../shared/otp';
import type {
  ActivationInput,
  ActivationResult,
  Locked,
  LockingGate,
  SaveEnrollmentResult,
  StoredEnrollment,
  StoredFactor,
  ThrottleGate,
  Throttled,
  TwoFactorStore,
} from './two-factor-store';

/** Schema migrations, applied in order; the applied count is kept in `two_factor_meta`. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE two_factor_factors (
     user_id TEXT PRIMARY KEY,
     id TEXT NOT NULL,
     sealed_secret TEXT NOT NULL,
     algorithm TEXT NOT NULL,
     digits INTEGER NOT NULL,
     period INTEGER NOT NULL,
     last_step INTEGER,
     enabled_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE two_factor_enrollments (
     user_id TEXT PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     sealed_secret TEXT NOT NULL,
     issuer TEXT NOT NULL,
     account TEXT NOT NULL,
     algorithm TEXT NOT NULL,
     digits INTEGER NOT NULL,
     period INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   ) STRICT;
   CREATE TABLE two_factor_recovery_codes (
     user_id TEXT NOT NULL,
     hash TEXT NOT NULL,
     PRIMARY KEY (user_id, hash)
   ) STRICT, WITHOUT ROWID;
   CREATE TABLE two_factor_failures (
     user_id TEXT PRIMARY KEY,
     count INTEGER NOT NULL,
     last_at INTEGER NOT NULL
   ) STRICT;`,
  // What each pending enrolment was made for (the factor it replaces, NULL for a first one).
  // Enrolments pending at the upgrade stay NULL: one made for a reset is then refused at confirm
  // (the user starts again), rather than trusting a row that a race may have left behind.
  `ALTER TABLE two_factor_enrollments ADD COLUMN replaces_factor_id TEXT;`,
];

type FactorRow = {
  user_id: string;
  id: string;
  sealed_secret: string;
  algorithm: string;
  digits: number;
  period: number;
  last_step: number | null;
  enabled_at: number;
};
const FACTOR_COLUMNS = 'user_id, id, sealed_secret, algorithm, digits, period, last_step, enabled_at';
/** A factor row in `FACTOR_COLUMNS` order. */
type FactorTuple = [string, string, string, string, number, number, number | null, number];
/** SQLite returns its INTEGER columns as numbers. */
type EnrollmentRow = SqlEnrollmentRow & { created_at: number; expires_at: number };

/**
 * Opens (creating when needed) the SQLite database at `path` and migrates it. `':memory:'`
 * works too. The parent directory must exist.
 */
export function sqliteStore(path: string): TwoFactorStore {
  const BetterSqlite3 = loadPeer<typeof Database>('better-sqlite3', '12.x', 'sqliteStore()');
  const db = new BetterSqlite3(path, { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL: committed transactions survive a process crash; only an OS crash or power
  // loss can lose the last few, which at worst lets a just-used code be used once more.
  db.pragma('synchronous = NORMAL');
  // Checkpoint (and fsync) every ~40 MB of WAL instead of every 4 MB: each verification is one
  // small commit, and with the default the checkpoints' fsyncs cost as much as the commits.
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('busy_timeout = 10000');
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const q = {
    factor: db.prepare<[string], FactorRow>(`SELECT ${FACTOR_COLUMNS} FROM two_factor_factors WHERE user_id = ?`),
    // Every sign-in reads a factor: as an array, which better-sqlite3 builds faster than an object.
    factorRaw: db.prepare<[string], FactorTuple>(`SELECT ${FACTOR_COLUMNS} FROM two_factor_factors WHERE user_id = ?`).raw(),
    enrollment: db.prepare<[string], EnrollmentRow>('SELECT * FROM two_factor_enrollments WHERE user_id = ?'),
    upsertEnrollment: db.prepare(
      `INSERT OR REPLACE INTO two_factor_enrollments
         (user_id, id, sealed_secret, issuer, account, algorithm, digits, period, created_at, expires_at, replaces_factor_id)
       VALUES (@userId, @id, @sealedSecret, @issuer, @account, @algorithm, @digits, @period, @createdAt, @expiresAt, @replacesFactorId)`,
    ),
    factorId: db.prepare<[string], { id: string }>('SELECT id FROM two_factor_factors WHERE user_id = ?'),
    deleteEnrollment: db.prepare('DELETE FROM two_factor_enrollments WHERE user_id = ? AND id = ?'),
    deleteAnyEnrollment: db.prepare('DELETE FROM two_factor_enrollments WHERE user_id = ?'),
    insertFactor: db.prepare(
      `INSERT INTO two_factor_factors (user_id, id, sealed_secret, algorithm, digits, period, last_step, enabled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    swapFactor: db.prepare(
      `UPDATE two_factor_factors SET id = ?, sealed_secret = ?, algorithm = ?, digits = ?, period = ?, last_step = ?
       WHERE user_id = ?`,
    ),
    acceptStep: db.prepare(
      `UPDATE two_factor_factors SET last_step = ?
       WHERE user_id = ? AND id = ? AND (last_step IS NULL OR last_step < ?)`,
    ),
    // The common case in one statement (one implicit write transaction): no failure on record,
    // so nothing can throttle and nothing needs clearing.
    acceptStepUnfailed: db.prepare(
      `UPDATE two_factor_factors SET last_step = ?
       WHERE user_id = ? AND id = ? AND (last_step IS NULL OR last_step < ?)
         AND NOT EXISTS (SELECT 1 FROM two_factor_failures WHERE user_id = ?)`,
    ),
    reseal: db.prepare('UPDATE two_factor_factors SET sealed_secret = ? WHERE user_id = ? AND id = ?'),
    deleteFactor: db.prepare('DELETE FROM two_factor_factors WHERE user_id = ?'),
    countCodes: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM two_factor_recovery_codes WHERE user_id = ?'),
    consumeCode: db.prepare('DELETE FROM two_factor_recovery_codes WHERE user_id = ? AND hash = ?'),
    deleteCodes: db.prepare('DELETE FROM two_factor_recovery_codes WHERE user_id = ?'),
    insertCode: db.prepare('INSERT INTO two_factor_recovery_codes (user_id, hash) VALUES (?, ?)'),
    failures: db.prepare<[string], { count: number; last_at: number }>('SELECT count, last_at FROM two_factor_failures WHERE user_id = ?'),
    recordFailure: db.prepare(
      `INSERT INTO two_factor_failures (user_id, count, last_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET count = excluded.count, last_at = excluded.last_at`,
    ),
    clearFailures: db.prepare('DELETE FROM two_factor_failures WHERE user_id = ?'),
  };

  const saveEnrollment = db.transaction((enrollment: StoredEnrollment, replace: boolean, now: number): SaveEnrollmentResult => {
    const factorId = q.factorId.get(enrollment.userId)?.id ?? null;
    if (factorId !== enrollment.replacesFactorId) return { outcome: 'factor_changed' };
    const existing = q.enrollment.get(enrollment.userId);
    if (existing && !replace && existing.expires_at > now && existing.replaces_factor_id === factorId) {
      return { outcome: 'pending', enrollment: toEnrollment(existing) };
    }
    q.upsertEnrollment.run(enrollment);
    return { outcome: 'pending', enrollment: { ...enrollment } };
  });

  /** The gate's answer when `userId` is locked (`gate.lockAfter`) or must still wait, else null (inside a transaction). */
  const gated = (userId: string, gate: LockingGate): Throttled | Locked | null => {
    if (gate.lockAfter !== undefined && (q.failures.get(userId)?.count ?? 0) >= gate.lockAfter) return { outcome: 'locked' };
    return throttled(userId, gate);
  };

  /** The throttle answer when `userId` must still wait at `gate.now`, else null (inside a transaction). */
  const throttled = (userId: string, gate: ThrottleGate): Throttled | null => {
    const row = q.failures.get(userId);
    if (!row) return null;
    const retryAt = row.last_at + gate.waitMs(row.count);
    return gate.now < retryAt ? { outcome: 'throttled', retryAt } : null;
  };

  const activate = db.transaction((input: ActivationInput): ActivationResult => {
    const enrollment = q.enrollment.get(input.userId);
    if (!enrollment || enrollment.id !== input.enrollmentId) return { outcome: 'not_found' };
    const wait = throttled(input.userId, input.gate);
    if (wait) return wait;
    q.deleteAnyEnrollment.run(input.userId);
    if (enrollment.expires_at <= input.gate.now) return { outcome: 'expired' };
    const old = q.factor.get(input.userId);
    if ((old?.id ?? null) !== enrollment.replaces_factor_id) return { outcome: 'factor_changed' };
    q.clearFailures.run(input.userId);
    const e = enrollment;
    if (old) {
      q.swapFactor.run(e.id, e.sealed_secret, e.algorithm, e.digits, e.period, input.acceptedStep, input.userId);
      return { outcome: 'activated', firstEnable: false, enabledAt: old.enabled_at };
    }
    q.insertFactor.run(input.userId, e.id, e.sealed_secret, e.algorithm, e.digits, e.period, input.acceptedStep, input.gate.now);
    q.deleteCodes.run(input.userId);
    for (const hash of input.recoveryCodeHashes) q.insertCode.run(input.userId, hash);
    return { outcome: 'activated', firstEnable: true, enabledAt: input.gate.now };
  });

  const acceptStep = db.transaction((userId: string, factorId: string, step: number, gate: LockingGate) => {
    const wait = gated(userId, gate);
    if (wait) return wait;
    if (q.acceptStep.run(step, userId, factorId, step).changes !== 1) return { outcome: 'used' as const };
    q.clearFailures.run(userId);
    return { outcome: 'accepted' as const };
  });

  const consumeCode = db.transaction((userId: string, hash: string, gate: ThrottleGate) => {
    const wait = throttled(userId, gate);
    if (wait) return wait;
    if (q.consumeCode.run(userId, hash).changes !== 1) return { outcome: 'unknown' as const };
    q.clearFailures.run(userId);
    return { outcome: 'consumed' as const };
  });

  const recordFailure = db.transaction((userId: string, gate: LockingGate) => {
    const wait = gated(userId, gate);
    if (wait) return wait;
    const failures = (q.failures.get(userId)?.count ?? 0) + 1;
    q.recordFailure.run(userId, failures, gate.now);
    return { outcome: 'counted' as const, failures };
  });

  const replaceCodes = db.transaction((userId: string, hashes: string[]): boolean => {
    if (!q.factor.get(userId)) return false;
    q.deleteCodes.run(userId);
    for (const hash of hashes) q.insertCode.run(userId, hash);
    return true;
  });

  const deleteUser = db.transaction((userId: string): { hadFactor: boolean } => {
    const hadFactor = q.deleteFactor.run(userId).changes > 0;
    q.deleteAnyEnrollment.run(userId);
    q.deleteCodes.run(userId);
    q.clearFailures.run(userId);
    return { hadFactor };
  });

  return {
    async getFactor(userId) {
      const row = q.factorRaw.get(userId);
      if (!row) return null;
      const [user, id, sealedSecret, algorithm, digits, period, lastStep, enabledAt] = row;
      return { id, userId: user, sealedSecret, algorithm: algorithm as OtpAlgorithm, digits, period, lastStep, enabledAt };
    },
    async getEnrollment(userId) {
      const row = q.enrollment.get(userId);
      return row ? toEnrollment(row) : null;
    },
    async saveEnrollment(enrollment, { replace, now }) {
      return saveEnrollment.immediate(enrollment, replace, now);
    },
    async deleteEnrollment(userId, enrollmentId) {
      return q.deleteEnrollment.run(userId, enrollmentId).changes > 0;
    },
    async activateEnrollment(input) {
      return activate.immediate(input);
    },
    async acceptStep(userId, factorId, step, gate) {
      // A write statement takes the write lock before it reads, like BEGIN IMMEDIATE, so the
      // fast path is as atomic as the transaction; anything else (a failure row, a used step,
      // another factor) goes through the transaction, which tells those cases apart.
      if (q.acceptStepUnfailed.run(step, userId, factorId, step, userId).changes === 1) return { outcome: 'accepted' };
      return acceptStep.immediate(userId, factorId, step, gate);
    },
    async resetFailures(userId) {
      q.clearFailures.run(userId);
    },
    async resealFactor(userId, factorId, sealedSecret) {
      q.reseal.run(sealedSecret, userId, factorId);
    },
    async countRecoveryCodes(userId) {
      return q.countCodes.get(userId)?.n ?? 0;
    },
    async consumeRecoveryCode(userId, hash, gate) {
      return consumeCode.immediate(userId, hash, gate);
    },
    async recordFailure(userId, gate) {
      return recordFailure.immediate(userId, gate);
    },
    async replaceRecoveryCodes(userId, hashes) {
      return replaceCodes.immediate(userId, hashes);
    },
    async deleteUser(userId) {
      return deleteUser.immediate(userId);
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  db.exec('CREATE TABLE IF NOT EXISTS two_factor_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT');
  db.transaction(() => {
    const row = db.prepare<[], { value: number }>("SELECT value FROM two_factor_meta WHERE key = 'schema_version'").get();
    const applied = row?.value ?? 0;
    if (applied > MIGRATIONS.length) {
      throw new TwoFactorError(
        'schema_too_new',
        `This two-factor database has schema version ${applied}, newer than this library knows (${MIGRATIONS.length}). Upgrade the library.`,
      );
    }
    for (let v = applied; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]!);
    db.prepare("INSERT OR REPLACE INTO two_factor_meta (key, value) VALUES ('schema_version', ?)").run(MIGRATIONS.length);
  }).immediate();
}
