/**
 * `@phone-free/two-factor/sqlite`: the SQLite store for one server (or several processes on one
 * machine). Needs the optional peer `better-sqlite3`; without it `sqliteStore()` throws a
 * `TwoFactorError` with code `missing_peer_dependency`.
 */
export { sqliteStore } from '../server/sqlite-store';
