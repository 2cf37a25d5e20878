/**
 * `npm start`: serves the demo site (PORT, default 8787) and says how to try it: the demo
 * user, the widget bundle and where the built extension is. DATABASE_URL=postgres://... moves
 * the two-factor store to PostgreSQL.
 */
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { startDemo, WIDGET_BUNDLE_PATH } from './server';

const ROOT = resolve(import.meta.dirname, '../..');
const port = process.env.PORT === undefined || process.env.PORT === '' ? 8787 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number (0-65535), got "${process.env.PORT}".`);
  process.exit(1);
}

const databaseUrl = process.env.DATABASE_URL || undefined;
if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
  console.error(`DATABASE_URL must be a postgres:// URL (the two-factor store on PostgreSQL), got "${databaseUrl.split(':')[0]}:...".`);
  process.exit(1);
}

try {
  const demo = await startDemo({ port, dataDir: resolve(ROOT, '.data'), ...(databaseUrl ? { databaseUrl } : {}) });
  const twoFactorData = databaseUrl ? `two-factor store on PostgreSQL (${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}, schema two_factor)` : 'SQLite';
  const extension = resolve(ROOT, '.output/chrome-mv3');
  const widget = existsSync(WIDGET_BUNDLE_PATH)
    ? `served at ${demo.url}/two-factor.js`
    : 'not built yet (npm run build:widget); the pages fall back to plain forms';
  console.log(`
Acme Demo is running at ${demo.url}

  Sign in:     ${demo.demoUser.email}  /  ${demo.demoUser.password}
               (or create your own account at ${demo.url}/sign-up)
  Widget:      ${widget}
  Extension:   ${existsSync(extension) ? relative(process.cwd(), extension) || '.' : 'not built (npm run build)'}
               Chrome or Chromium: open chrome://extensions, turn on Developer mode,
               click "Load unpacked" and choose that folder.
  Data:        ${relative(process.cwd(), resolve(ROOT, '.data'))}/ (site keys and accounts; ${twoFactorData}; delete it to start over)

Press Ctrl+C to stop.`);
  const stop = () => void demo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
