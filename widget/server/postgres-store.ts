/**
 * `postgresStore(connection, options?)`: the `TwoFactorStore` for sites that run several app
 * servers on one PostgreSQL database, through node-postgres (`pg` 8, an optional peer
 * dependency, loaded only when the store opens its own pool).
 *
 * Every method is one atomic step, and nearly every one is a single SQL statement (one round
 * trip), so no transaction is ever left open across a network wait. The throttle is a function
 * in the site's process (`ThrottleGate.waitMs`), so a gated step cannot be decided inside SQL
 * alone; instead each gated statement carries the failure record the caller *expects* (none, at
 * first) and does its work only when the row, locked `FOR UPDATE` in the same statement, still
 * matches. When it does not, the statement changed nothing and hands back the row it found: the
 * gate is applied to that in JavaScript and the statement runs once more with it. A user with no
 * failure on record (every ordinary sign-in) therefore costs one round trip per step.
 *
 * Tables live in their own schema (default `two_factor`), created on first use by versioned
 * migrations under an advisory lock, so servers starting together on an empty database create
 * them once.
 */
import type pg from 'pg';
import { toEnrollment, type EnrollmentRow } from './enrollment-row';
import { loadPeer } from './load-peer';
import { TwoFactorError } from './two-factor-error';
import type { OtpAlgorithm } from '../../shared/otp';
import type { ActivationInput, ActivationResult, Locked, LockingGate, StoredFactor, ThrottleGate, Throttled, TwoFactorStore } from './two-factor-store';

export type PostgresStoreOptions = {
  /** The schema holding the tables; created when missing. Default `two_factor`. */
  schema?: string;
  /** Pool size when the store opens its own pool from a connection string. Default 10. */
  maxConnections?: number;
};

/** A `TwoFactorStore` on PostgreSQL, plus `migrate()` for servers that want to fail fast at start. */
export type PostgresTwoFactorStore = TwoFactorStore & {
  /** Creates or upgrades the tables now (otherwise done on first use); safe to call from many processes at once. */
  migrate(): Promise<void>;
};

/**
 * Schema migrations, applied in order inside one transaction each; `schema_migrations` records
 * the versions applied. `S` stands for the quoted schema name. Never edit a shipped entry: add one.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE S.factors (
     user_id text PRIMARY KEY,
     id text NOT NULL,
     sealed_secret text NOT NULL,
     algorithm text NOT NULL,
     digits integer NOT NULL,
     period integer NOT NULL,
     last_step bigint,
     enabled_at bigint NOT NULL
   );
   CREATE TABLE S.enrollments (
     user_id text PRIMARY KEY,
     id text NOT NULL UNIQUE,
     sealed_secret text NOT NULL,
     issuer text NOT NULL,
     account text NOT NULL,
     algorithm text NOT NULL,
     digits integer NOT NULL,
     period integer NOT NULL,
     created_at bigint NOT NULL,
     expires_at bigint NOT NULL,
     replaces_factor_id text
   );
   CREATE TABLE S.recovery_codes (
     user_id text NOT NULL,
     hash text NOT NULL,
     PRIMARY KEY (user_id, hash)
   );
   CREATE TABLE S.failures (
     user_id text PRIMARY KEY,
     count integer NOT NULL,
     last_at bigint NOT NULL
   );`,
];

/** The first key of every advisory lock this library takes ("2FA1"); the second is the schema's hash. */
const LOCK_CLASS = 0x32464131;
/** A gated step re-runs at most this often; each re-run means another request changed the record meanwhile. */
const MAX_GATE_ROUNDS = 100;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Opens a store on `connection`: a connection string (the store opens a pool and `close()` ends
 * it) or a `pg.Pool` the site already has (`close()` leaves it open). Nothing is sent until the
 * first call; that call creates or upgrades the tables.
 */
export function postgresStore(connection: string | pg.Pool, options: PostgresStoreOptions = {}): PostgresTwoFactorStore {
  const schema = options.schema ?? 'two_factor';
  if (!SCHEMA_NAME.test(schema)) {
    throw new TwoFactorError('bad_options', `postgresStore: schema must be a lower-case SQL name (letters, digits, _), got "${schema}".`);
  }
  if (typeof connection === 'string' && !/^postgres(ql)?:\/\//.test(connection)) {
    throw new TwoFactorError('bad_options', 'postgresStore: pass a postgres:// connection string or a pg.Pool.');
  }
  const ownPool = typeof connection === 'string';
  const pool = ownPool ? new (loadPeer<typeof pg>('pg', '8.x', 'postgresStore()').Pool)({ connectionString: connection, max: options.maxConnections ?? 10 }) : connection;
  // An idle client of our own pool losing its connection must not crash the site's process:
  // the pool drops that client, and the next query opens a new one (or fails and says why).
  if (ownPool) pool.on('error', () => {});

  const S = `"${schema}"`;
  const sql = buildStatements(S);
  let ready: Promise<void> | null = null;
  let closed = false;

  /** Migrates once per store; a failed attempt (database not up yet) is retried by the next call. */
  function migrate(): Promise<void> {
    ready ??= runMigrations(pool, schema, S).catch((error: unknown) => {
      ready = null;
      throw error;
    });
    return ready;
  }

  async function query<R extends pg.QueryResultRow>(name: string, text: string, values: unknown[]): Promise<R[]> {
    if (closed) throw new TwoFactorError('bad_options', 'postgresStore: the store is closed.');
    await migrate();
    // Named statements are parsed and planned once per connection; the schema in the name keeps
    // two stores sharing one pool from colliding.
    const result = await pool.query<R>({ name: `two_factor:${schema}:${name}`, text, values });
    return result.rows;
  }

  /** Runs `work` in a READ COMMITTED transaction on one connection: COMMIT when it returns, ROLLBACK when it throws. */
  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (closed) throw new TwoFactorError('bad_options', 'postgresStore: the store is closed.');
    await migrate();
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true; // the connection is gone or confused: do not hand it out again
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /**
   * Runs a gated statement until it ran against the failure record it expected, or the gate
   * says the user must wait. `run(count, lastAt)` expects that record (0, 0 = none) and returns
   * whether it matched (`ok`) and the record it found.
   */
  function gated<R extends GateRow>(gate: ThrottleGate & { lockAfter?: undefined }, run: (count: number, lastAt: number) => Promise<R>): Promise<R | Throttled>;
  function gated<R extends GateRow>(gate: LockingGate, run: (count: number, lastAt: number) => Promise<R>): Promise<R | Throttled | Locked>;
  async function gated<R extends GateRow>(gate: LockingGate, run: (count: number, lastAt: number) => Promise<R>): Promise<R | Throttled | Locked> {
    if (gate.lockAfter !== undefined && gate.lockAfter <= 0) return { outcome: 'locked' };
    let count = 0;
    let lastAt = 0;
    for (let round = 0; round < MAX_GATE_ROUNDS; round++) {
      const row = await run(count, lastAt);
      if (row.ok) return row;
      count = row.f_count ?? 0;
      lastAt = row.f_last_at === null ? 0 : Number(row.f_last_at);
      if (count > 0) {
        // The lock comes before the wait, as in the other stores.
        if (gate.lockAfter !== undefined && count >= gate.lockAfter) return { outcome: 'locked' };
        const retryAt = lastAt + gate.waitMs(count);
        if (gate.now < retryAt) return { outcome: 'throttled', retryAt };
      }
    }
    throw new Error(`postgresStore: the failure record of one user changed ${MAX_GATE_ROUNDS} times during one step; giving up.`);
  }

  return {
    migrate,

    // 1 round trip.
    async getFactor(userId) {
      const [row] = await query<FactorRow>('factor', sql.factor, [userId]);
      return row ? toFactor(row) : null;
    },

    // 1 round trip.
    async getEnrollment(userId) {
      const [row] = await query<EnrollmentRow>('enrollment', sql.enrollment, [userId]);
      return row ? toEnrollment(row) : null;
    },

    // 4 round trips (BEGIN, lock the pending enrolment, compare the factor and save, COMMIT):
    // 5 when another request's first enrolment committed during the save.
    // once per enrolment. The lock waits for a confirm of the pending enrolment in flight, so
    // the factor is read after that confirm, never before it.
    async saveEnrollment(enrollment, { replace, now }) {
      const e = enrollment;
      return transaction(async (client) => {
        await client.query({ name: `two_factor:${schema}:lock_enrollment`, text: sql.lockEnrollment, values: [e.userId] });
        for (let round = 0; round < MAX_GATE_ROUNDS; round++) {
          const { rows } = await client.query<EnrollmentRow & { same: boolean }>({
            name: `two_factor:${schema}:save_enrollment`,
            text: sql.saveEnrollment,
            values: [e.userId, e.id, e.sealedSecret, e.issuer, e.account, e.algorithm, e.digits, e.period, e.createdAt, e.expiresAt, replace, now, e.replacesFactorId],
          });
          const row = rows[0]!;
          if (!row.same) return { outcome: 'factor_changed' as const };
          // Kept an enrolment another request committed after this statement's snapshot: the
          // next statement sees it (one more round trip, only in that race).
          if (row.id !== null) return { outcome: 'pending' as const, enrollment: toEnrollment(row) };
        }
        throw new Error('postgresStore: the pending enrolment kept changing during saveEnrollment; giving up.');
      });
    },

    // 1 round trip.
    async deleteEnrollment(userId, enrollmentId) {
      const rows = await query('delete_enrollment', sql.deleteEnrollment, [userId, enrollmentId]);
      return rows.length > 0;
    },

    // 1 round trip with no failure on record or while throttled; 2 after failures.
    async activateEnrollment(input: ActivationInput): Promise<ActivationResult> {
      const { userId, enrollmentId, acceptedStep, recoveryCodeHashes, gate } = input;
      let missing = false;
      const result = await gated(gate, async (count, lastAt) => {
        const [row] = await query<ActivateRow>('activate', sql.activate, [userId, count, lastAt, enrollmentId, gate.now, acceptedStep, recoveryCodeHashes]);
        // Not found outranks the throttle (as in the other stores): stop without re-running.
        if (!row!.ok && !row!.found) missing = true;
        return missing ? { ...row!, ok: true } : row!;
      });
      if ('outcome' in result) return result;
      if (missing || !result.deleted) return { outcome: 'not_found' };
      if (result.expired) return { outcome: 'expired' };
      if (result.inserted === null) return { outcome: 'factor_changed' };
      return { outcome: 'activated', firstEnable: result.inserted, enabledAt: Number(result.enabled_at) };
    },

    // 1 round trip for a sign-in with no failure on record (the common case); otherwise 1 more,
    // 2 more after failures.
    async acceptStep(userId, factorId, step, gate) {
      // The common case in the plainest statement (about a quarter less database CPU than the
      // gated one, measured): no failure on record, so nothing can lock, throttle or need
      // clearing. Anything else goes through the gated statement, which tells the cases apart.
      if (gate.lockAfter === undefined || gate.lockAfter > 0) {
        const accepted = await query('accept_step_unfailed', sql.acceptStepUnfailed, [userId, factorId, step]);
        if (accepted.length === 1) return { outcome: 'accepted' };
      }
      const result = await gated(gate, async (count, lastAt) => {
        const [row] = await query<DoneRow>('accept_step', sql.acceptStep, [userId, count, lastAt, factorId, step]);
        return row!;
      });
      if ('outcome' in result) return result;
      return { outcome: result.done ? 'accepted' : 'used' };
    },

    // 1 round trip with no failure on record or while throttled; 2 after failures.
    async consumeRecoveryCode(userId, hash, gate) {
      const result = await gated(gate, async (count, lastAt) => {
        const [row] = await query<DoneRow>('consume_code', sql.consumeCode, [userId, count, lastAt, hash]);
        return row!;
      });
      if ('outcome' in result) return result;
      return { outcome: result.done ? 'consumed' : 'unknown' };
    },

    // 1 round trip for a first failure or while throttled; 2 for a later one.
    async recordFailure(userId, gate) {
      const result = await gated(gate, async (count, lastAt) => {
        const [row] = await query<CountedRow>('record_failure', sql.recordFailure, [userId, count, lastAt, gate.now]);
        // Matched, but a first failure inserted by someone else meanwhile: read it and go again.
        return row!.ok && row!.counted === null ? { ...row!, ok: false } : row!;
      });
      if ('outcome' in result) return result;
      return { outcome: 'counted', failures: result.counted! };
    },

    // 1 round trip.
    async resetFailures(userId) {
      await query('reset_failures', sql.resetFailures, [userId]);
    },

    // 1 round trip.
    async resealFactor(userId, factorId, sealedSecret) {
      await query('reseal', sql.reseal, [userId, factorId, sealedSecret]);
    },

    // 1 round trip.
    async countRecoveryCodes(userId) {
      const [row] = await query<{ n: number }>('count_codes', sql.countCodes, [userId]);
      return row!.n;
    },

    // 5 round trips (BEGIN, lock the factor, delete, insert, COMMIT): rare, and a single
    // statement could not see codes another regeneration committed while it waited.
    async replaceRecoveryCodes(userId, hashes) {
      return transaction(async (client) => {
        const locked = await client.query(`SELECT 1 FROM ${S}.factors WHERE user_id = $1 FOR UPDATE`, [userId]);
        if (locked.rowCount === 0) return false;
        await client.query(`DELETE FROM ${S}.recovery_codes WHERE user_id = $1`, [userId]);
        await client.query(`INSERT INTO ${S}.recovery_codes (user_id, hash) SELECT $1, h FROM unnest($2::text[]) AS h ON CONFLICT DO NOTHING`, [userId, hashes]);
        return true;
      });
    },

    // 1 round trip.
    async deleteUser(userId) {
      const [row] = await query<{ had_factor: boolean }>('delete_user', sql.deleteUser, [userId]);
      return { hadFactor: row!.had_factor };
    },

    async close() {
      if (closed) return;
      closed = true;
      // Let a migration in flight finish with the pool it started on.
      await ready?.catch(() => {});
      if (ownPool) await pool.end();
    },
  };
}

/** What every gated statement returns: whether the failure record matched, and the record found. */
type GateRow = { ok: boolean; f_count: number | null; f_last_at: string | null };
type DoneRow = GateRow & { done: boolean };
type CountedRow = GateRow & { counted: number | null };
type ActivateRow = GateRow & { found: boolean; deleted: boolean; expired: boolean; inserted: boolean | null; enabled_at: string | null };

type FactorRow = {
  user_id: string;
  id: string;
  sealed_secret: string;
  algorithm: string;
  digits: number;
  period: number;
  last_step: string | null;
  enabled_at: string;
};

/**
 * The statements, for the quoted schema `S`. In gated ones `$1` is the user, `$2`/`$3` the
 * failure record the caller expects (count 0 = none): CTE `f` locks the user's failure row (its
 * newest version, even one committed after the statement began) and `g.ok` says whether it is
 * the one expected. The work CTEs run only when `g.ok`; the final SELECT reports `ok` and `f`.
 */
function buildStatements(S: string) {
  const gate = `f AS (SELECT count, last_at FROM ${S}.failures WHERE user_id = $1 FOR UPDATE),
    g AS (SELECT CASE WHEN EXISTS (SELECT 1 FROM f) THEN EXISTS (SELECT 1 FROM f WHERE count = $2::int AND last_at = $3::bigint) ELSE $2::int = 0 END AS ok)`;
  const report = `(SELECT ok FROM g) AS ok, (SELECT count FROM f) AS f_count, (SELECT last_at FROM f) AS f_last_at`;
  const factorColumns = 'user_id, id, sealed_secret, algorithm, digits, period, last_step, enabled_at';
  return {
    factor: `SELECT ${factorColumns} FROM ${S}.factors WHERE user_id = $1`,
    enrollment: `SELECT * FROM ${S}.enrollments WHERE user_id = $1`,
    lockEnrollment: `SELECT 1 FROM ${S}.enrollments WHERE user_id = $1 FOR UPDATE`,
    // Only while the user's factor is the one the enrolment replaces ($13, null for none):
    // replaces the pending enrolment when asked, when it has expired or when it was made for
    // another factor; otherwise returns the one kept. `same` false: nothing stored.
    saveEnrollment: `WITH fa AS (SELECT id FROM ${S}.factors WHERE user_id = $1 FOR SHARE),
      same AS (SELECT (SELECT id FROM fa) IS NOT DISTINCT FROM $13::text AS same),
      up AS (
        INSERT INTO ${S}.enrollments (user_id, id, sealed_secret, issuer, account, algorithm, digits, period, created_at, expires_at, replaces_factor_id)
        SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $13 WHERE (SELECT same FROM same)
        ON CONFLICT (user_id) DO UPDATE SET id = excluded.id, sealed_secret = excluded.sealed_secret, issuer = excluded.issuer,
          account = excluded.account, algorithm = excluded.algorithm, digits = excluded.digits, period = excluded.period,
          created_at = excluded.created_at, expires_at = excluded.expires_at, replaces_factor_id = excluded.replaces_factor_id
        WHERE $11::boolean OR ${S}.enrollments.expires_at <= $12::bigint
          OR ${S}.enrollments.replaces_factor_id IS DISTINCT FROM excluded.replaces_factor_id
        RETURNING *),
      pending AS (SELECT * FROM up UNION ALL SELECT * FROM ${S}.enrollments WHERE user_id = $1 AND NOT EXISTS (SELECT 1 FROM up))
      SELECT pending.*, (SELECT same FROM same) AS same FROM (SELECT 1) AS one LEFT JOIN pending ON true`,
    deleteEnrollment: `DELETE FROM ${S}.enrollments WHERE user_id = $1 AND id = $2 RETURNING 1`,
    // $4 enrolment id, $5 now, $6 accepted step, $7 recovery code hashes. The enrolment goes
    // in only while the user's factor (`fa`, its newest version) is the one it replaces.
    // `xmax = 0` tells a freshly inserted factor (first enable) from a swapped one (a reset
    // keeps enabled_at).
    activate: `WITH ${gate},
      e AS (SELECT 1 FROM ${S}.enrollments WHERE user_id = $1 AND id = $4),
      del AS (DELETE FROM ${S}.enrollments WHERE user_id = $1 AND id = $4 AND (SELECT ok FROM g) RETURNING *),
      live AS (SELECT * FROM del WHERE expires_at > $5::bigint),
      fa AS (SELECT id FROM ${S}.factors WHERE user_id = $1 FOR UPDATE),
      fit AS (SELECT * FROM live WHERE replaces_factor_id IS NOT DISTINCT FROM (SELECT id FROM fa)),
      up AS (
        INSERT INTO ${S}.factors (${factorColumns})
        SELECT user_id, id, sealed_secret, algorithm, digits, period, $6::bigint, $5::bigint FROM fit
        ON CONFLICT (user_id) DO UPDATE SET id = excluded.id, sealed_secret = excluded.sealed_secret, algorithm = excluded.algorithm,
          digits = excluded.digits, period = excluded.period, last_step = excluded.last_step
        RETURNING enabled_at, (xmax = 0) AS inserted),
      old_codes AS (DELETE FROM ${S}.recovery_codes WHERE user_id = $1 AND EXISTS (SELECT 1 FROM up WHERE inserted)),
      new_codes AS (
        INSERT INTO ${S}.recovery_codes (user_id, hash)
        SELECT $1, h FROM unnest($7::text[]) AS h WHERE EXISTS (SELECT 1 FROM up WHERE inserted)
        ON CONFLICT DO NOTHING),
      cleared AS (DELETE FROM ${S}.failures WHERE user_id = $1 AND EXISTS (SELECT 1 FROM fit))
      SELECT ${report}, EXISTS (SELECT 1 FROM e) AS found, EXISTS (SELECT 1 FROM del) AS deleted,
        EXISTS (SELECT 1 FROM del) AND NOT EXISTS (SELECT 1 FROM live) AS expired,
        (SELECT inserted FROM up) AS inserted, (SELECT enabled_at FROM up) AS enabled_at`,
    // The compare-and-set of the last accepted step when no failure is on record. A failure
    // committed while this statement runs counts as coming after this sign-in.
    acceptStepUnfailed: `UPDATE ${S}.factors SET last_step = $3::bigint
      WHERE user_id = $1 AND id = $2 AND (last_step IS NULL OR last_step < $3::bigint)
        AND NOT EXISTS (SELECT 1 FROM ${S}.failures WHERE user_id = $1)
      RETURNING 1`,
    // $4 factor id, $5 step: the compare-and-set of the last accepted step.
    acceptStep: `WITH ${gate},
      up AS (UPDATE ${S}.factors SET last_step = $5::bigint
        WHERE user_id = $1 AND id = $4 AND (last_step IS NULL OR last_step < $5::bigint) AND (SELECT ok FROM g) RETURNING 1),
      cleared AS (DELETE FROM ${S}.failures WHERE user_id = $1 AND EXISTS (SELECT 1 FROM up))
      SELECT ${report}, EXISTS (SELECT 1 FROM up) AS done`,
    // $4 the recovery code's hash.
    consumeCode: `WITH ${gate},
      used AS (DELETE FROM ${S}.recovery_codes WHERE user_id = $1 AND hash = $4 AND (SELECT ok FROM g) RETURNING 1),
      cleared AS (DELETE FROM ${S}.failures WHERE user_id = $1 AND EXISTS (SELECT 1 FROM used))
      SELECT ${report}, EXISTS (SELECT 1 FROM used) AS done`,
    // $4 now. A first failure inserts (and yields nothing when another got there first); a later
    // one increments the row `f` holds locked.
    recordFailure: `WITH ${gate},
      first AS (INSERT INTO ${S}.failures (user_id, count, last_at) SELECT $1, 1, $4::bigint WHERE $2::int = 0 AND (SELECT ok FROM g)
        ON CONFLICT (user_id) DO NOTHING RETURNING count),
      later AS (UPDATE ${S}.failures SET count = count + 1, last_at = $4::bigint WHERE user_id = $1 AND $2::int > 0 AND (SELECT ok FROM g) RETURNING count)
      SELECT ${report}, coalesce((SELECT count FROM first), (SELECT count FROM later)) AS counted`,
    resetFailures: `DELETE FROM ${S}.failures WHERE user_id = $1`,
    reseal: `UPDATE ${S}.factors SET sealed_secret = $3 WHERE user_id = $1 AND id = $2`,
    countCodes: `SELECT count(*)::int AS n FROM ${S}.recovery_codes WHERE user_id = $1`,
    deleteUser: `WITH factor AS (DELETE FROM ${S}.factors WHERE user_id = $1 RETURNING 1),
      enrollment AS (DELETE FROM ${S}.enrollments WHERE user_id = $1),
      codes AS (DELETE FROM ${S}.recovery_codes WHERE user_id = $1),
      failures AS (DELETE FROM ${S}.failures WHERE user_id = $1)
      SELECT EXISTS (SELECT 1 FROM factor) AS had_factor`,
  };
}

/**
 * Applies the missing migrations under a session advisory lock keyed by the schema, so when
 * several processes start together on an empty database one creates the tables and the others
 * wait, then find them there.
 */
async function runMigrations(pool: pg.Pool, schema: string, S: string): Promise<void> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [LOCK_CLASS, schema]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${S}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${S}.schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ v: number }>(`SELECT coalesce(max(version), 0)::int AS v FROM ${S}.schema_migrations`);
      const applied = rows[0]!.v;
      if (applied > MIGRATIONS.length) {
        throw new TwoFactorError(
          'schema_too_new',
          `The two-factor schema "${schema}" has version ${applied}, newer than this library knows (${MIGRATIONS.length}). Upgrade the library.`,
        );
      }
      for (let version = applied + 1; version <= MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        try {
          await client.query(MIGRATIONS[version - 1]!.replaceAll('S.', `${S}.`));
          await client.query(`INSERT INTO ${S}.schema_migrations (version) VALUES ($1)`, [version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, schema]);
    }
  } catch (error) {
    // A connection in an unknown state (lost mid-migration) goes, not back to the pool.
    broken = !(error instanceof TwoFactorError);
    throw error;
  } finally {
    client.release(broken);
  }
}

function toFactor(row: FactorRow): StoredFactor {
  return {
    id: row.id,
    userId: row.user_id,
    sealedSecret: row.sealed_secret,
    algorithm: row.algorithm as OtpAlgorithm,
    digits: row.digits,
    period: row.period,
    lastStep: row.last_step === null ? null : Number(row.last_step),
    enabledAt: Number(row.enabled_at),
  };
}
