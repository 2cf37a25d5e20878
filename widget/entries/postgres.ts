/**
 * `@phone-free/two-factor/postgres`: the PostgreSQL store, for several app servers on one
 * database. Needs the optional peer `pg` (8.x); without it `postgresStore(url)` throws a
 * `TwoFactorError` with code `missing_peer_dependency`.
 */
export { postgresStore, type PostgresStoreOptions, type PostgresTwoFactorStore } from '../server/postgres-store';
