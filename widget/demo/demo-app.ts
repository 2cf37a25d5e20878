/**
 * The demo site's routes (Hono): sign up, sign in with a second step, Personal Settings, sign
 * out, password re-entry for the widget, the widget bundle, and the two-factor API mounted
 * in front of everything through `twoFactor.handle`.
 */
import { readFile } from 'node:fs/promises';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { raw } from 'hono/html';
import type { TwoFactor } from '../server';
import type { DemoAccounts, DemoUser } from './demo-accounts';
import type { DemoSession, SessionCodec } from './demo-session';
import { addressKey, type PasswordThrottle } from './password-throttle';
import { signInPage, signUpPage } from './pages/sign-in-page';
import { settingsPage } from './pages/settings-page';
import { twoFactorStepPage } from './pages/two-factor-step-page';
import { layout } from './pages/layout';

export type DemoAppDeps = {
  accounts: DemoAccounts;
  twoFactor: TwoFactor;
  sessions: SessionCodec;
  passwordThrottle: PasswordThrottle;
  allowedOrigins: ReadonlySet<string>;
  /** Where `npm run build:widget` writes the bundle served at /two-factor.js. */
  widgetBundlePath: string;
  /** demo.css and demo.js, read once at start. */
  publicFiles: ReadonlyMap<string, { type: string; body: string }>;
  now: () => number;
};

const CSP = [
  "default-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,189}$/;

export function createDemoApp(deps: DemoAppDeps): Hono {
  const { accounts, twoFactor, sessions, passwordThrottle, now } = deps;
  const app = new Hono();

  const isSecure = (c: Context) => new URL(c.req.url).protocol === 'https:';
  const sessionOf = (c: Context): DemoSession | null => {
    const session = sessions.read(c.req.header('cookie'), now());
    return session && accounts.byId(session.userId) ? session : null;
  };
  const fullUser = (c: Context): DemoUser | null => {
    const session = sessionOf(c);
    return session?.stage === 'full' ? accounts.byId(session.userId) : null;
  };
  const startSession = (c: Context, userId: string, stage: DemoSession['stage']) =>
    c.header('Set-Cookie', sessions.start(userId, stage, now(), isSecure(c)), { append: true });
  /** Where a visitor in this state belongs. */
  const home = (session: DemoSession | null) => (!session ? '/sign-in' : session.stage === 'full' ? '/settings' : '/sign-in/two-factor');
  /** Form posts must come from our own pages (SameSite=Lax is the second line). */
  const fromOurPages = (c: Context) => {
    const origin = c.req.header('origin');
    if (origin !== undefined) return deps.allowedOrigins.has(origin);
    return c.req.header('sec-fetch-site') !== 'cross-site';
  };
  /** The client's address as the socket saw it (the demo trusts no proxy header). */
  const clientAddress = (c: Context): string => {
    try {
      return addressKey(getConnInfo(c).remote.address);
    } catch {
      // app.fetch called without node:http's env: one shared bucket, never no throttle.
      return 'unknown';
    }
  };
  const formField = (form: Record<string, unknown>, name: string, max: number): string => {
    const value = form[name];
    return typeof value === 'string' ? value.slice(0, max) : '';
  };

  // The two-factor API first: it answers under /api/2fa and passes everything else on.
  app.use('*', async (c, next) => {
    const before = sessionOf(c);
    const response = await twoFactor.handle(c.req.raw);
    if (response) return before ? keepThisBrowser(c, before, response) : response;
    await next();
    c.res.headers.set('Content-Security-Policy', CSP);
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'same-origin');
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });
  app.use('*', async (c, next) => {
    if (c.req.method === 'POST' && !fromOurPages(c)) {
      return c.html(layout({ title: 'Forbidden', body: raw('<h1>This form was sent from another site.</h1>') }), 403);
    }
    await next();
  });
  app.use('*', bodyLimit({ maxSize: 8 * 1024, onError: (c) => c.text('Request too large', 413) }));

  /**
   * A two-factor change made in this request bumped the user's session version, ending every
   * session: all others stay ended, this browser (which just proved a code) gets its session
   * back at the new version.
   */
  const keepThisBrowser = (c: Context, before: DemoSession, response: Response): Response => {
    if (!response.ok || sessionOf(c)) return response;
    const user = accounts.byId(before.userId);
    if (!user || user.sessionVersion === before.version || response.headers.has('Set-Cookie')) return response;
    const renewed = new Response(response.body, response);
    renewed.headers.append('Set-Cookie', sessions.renew(before, now(), isSecure(c)));
    return renewed;
  };

  /** The throttle's answer, as a page or as JSON. */
  const throttledMessage = (retryAfterS: number) => `Too many attempts. Try again in ${retryAfterS} seconds.`;

  app.get('/', (c) => c.redirect(home(sessionOf(c)), 303));

  app.get('/sign-up', (c) => (fullUser(c) ? c.redirect('/settings', 303) : c.html(signUpPage())));
  app.post('/sign-up', async (c) => {
    const form = await c.req.parseBody();
    const name = formField(form, 'name', 100).trim();
    const email = formField(form, 'email', 254).trim();
    const password = formField(form, 'password', 200);
    const again = (error: string) => c.html(signUpPage({ name, email, error }), 400);
    if (name === '') return again('Enter your name.');
    if (!EMAIL.test(email)) return again('Enter an email address like name@example.com.');
    if (password.length < 8) return again('Choose a password of at least 8 characters.');
    const user = await accounts.create({ email, name, password }, now());
    if (!user) return again('An account with this email already exists. Sign in instead.');
    startSession(c, user.id, 'full');
    return c.redirect('/settings', 303);
  });

  app.get('/sign-in', (c) => (fullUser(c) ? c.redirect('/settings', 303) : c.html(signInPage())));
  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const email = formField(form, 'email', 254).trim();
    const attempt = passwordThrottle.begin(email, clientAddress(c), now());
    if ('retryAfterS' in attempt) {
      c.header('Retry-After', String(attempt.retryAfterS));
      return c.html(signInPage({ email, error: throttledMessage(attempt.retryAfterS) }), 429);
    }
    const user = await accounts.signIn(email, formField(form, 'password', 200));
    if (!user) return c.html(signInPage({ email, error: 'Wrong email or password.' }), 401);
    attempt.succeeded();
    const { state } = await twoFactor.status(user.id);
    startSession(c, user.id, state === 'enabled' ? 'password' : 'full');
    return c.redirect(state === 'enabled' ? '/sign-in/two-factor' : '/settings', 303);
  });

  app.get('/sign-in/two-factor', (c) => {
    const session = sessionOf(c);
    return session?.stage === 'password' ? c.html(twoFactorStepPage()) : c.redirect(home(session), 303);
  });
  // The fallback form's route (the widget itself posts to /api/2fa/verify).
  app.post('/sign-in/two-factor', async (c) => {
    const session = sessionOf(c);
    if (session?.stage !== 'password') return c.redirect(home(session), 303);
    const form = await c.req.parseBody();
    const recovery = formField(form, 'recovery_code', 64).trim();
    const code = recovery !== '' ? recovery : formField(form, 'code', 64).trim();
    if (code === '') return c.html(twoFactorStepPage({ error: 'Enter the code from your authenticator app, or a recovery code.' }), 400);
    const result = await twoFactor.verifyLogin(session.userId, code);
    if (result.ok || result.reason === 'not_enabled') {
      startSession(c, session.userId, 'full');
      return c.redirect('/settings', 303);
    }
    if (result.reason === 'throttled') {
      c.header('Retry-After', String(result.retryAfterS ?? 30));
      return c.html(twoFactorStepPage({ error: `Too many wrong codes. Try again in ${result.retryAfterS ?? 30} seconds.` }), 429);
    }
    return c.html(twoFactorStepPage({ error: 'That code is not valid. Try the current code, or an unused recovery code.' }), 422);
  });

  app.post('/sign-out', (c) => {
    // Ends this user's sessions everywhere: a copied cookie must not outlive the sign-out.
    const session = sessionOf(c);
    if (session) accounts.bumpSessionVersion(session.userId);
    c.header('Set-Cookie', sessions.end(isSecure(c)));
    return c.redirect('/sign-in', 303);
  });

  app.get('/settings', (c) => {
    const user = fullUser(c);
    if (!user) return c.redirect(home(sessionOf(c)), 303);
    return c.html(settingsPage(user, c.req.query('tab') === 'two-factor' ? 'two-factor' : 'profile'));
  });

  // Password re-entry for the widget's `two-factor-reauth-required`: renews authenticatedAt.
  app.post('/reauth', async (c) => {
    const session = sessionOf(c);
    if (session?.stage !== 'full') return c.json({ error: { code: 'unauthenticated', message: 'Sign in first.' } }, 401);
    const body = (await c.req.json().catch(() => null)) as { password?: unknown } | null;
    const password = typeof body?.password === 'string' ? body.password.slice(0, 200) : '';
    const user = accounts.byId(session.userId)!;
    const attempt = passwordThrottle.begin(user.email, clientAddress(c), now());
    if ('retryAfterS' in attempt) {
      c.header('Retry-After', String(attempt.retryAfterS));
      return c.json({ error: { code: 'throttled', message: throttledMessage(attempt.retryAfterS), retryAfter: attempt.retryAfterS } }, 429);
    }
    if (!(await accounts.checkPassword(session.userId, password))) {
      return c.json({ error: { code: 'wrong_password', message: 'That password is not right. Try again.' } }, 401);
    }
    attempt.succeeded();
    startSession(c, session.userId, 'full');
    return c.body(null, 204);
  });

  app.get('/two-factor.js', async (c) => {
    const body = await readFile(deps.widgetBundlePath, 'utf8').catch(() => null);
    if (body === null) {
      return c.text('The two-factor widget is not built yet. Run `npm run build:widget` (npm start does it), then reload.\n', 404);
    }
    c.header('Cache-Control', 'no-cache');
    return c.body(body, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });

  for (const [path, file] of deps.publicFiles) {
    app.get(path, (c) => {
      c.header('Cache-Control', 'no-cache');
      return c.body(file.body, 200, { 'Content-Type': file.type });
    });
  }

  // Browsers ask for /favicon.ico whatever the page links; answer without a 404 in the console.
  app.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301));

  app.notFound((c) => c.html(layout({ title: 'Not found', body: raw('<h1>Page not found</h1><p><a href="/">Go to the start page</a></p>') }), 404));
  app.onError((error, c) => {
    console.error(`demo: ${c.req.method} ${new URL(c.req.url).pathname} failed (${error.name})`);
    return c.html(layout({ title: 'Error', body: raw('<h1>Something went wrong</h1><p>Try again.</p>') }), 500);
  });
  return app;
}
