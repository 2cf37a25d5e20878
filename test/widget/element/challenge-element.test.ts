// @vitest-environment happy-dom
/**
 * <two-factor-challenge> against the real server library: a `password` session owes its
 * second factor; the element posts to `{api}/verify` and follows `redirect`.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import '../../../widget/element/index';
import type { TwoFactorChallengeElement } from '../../../widget/element/index';
import { API_PATHS, type Enrollment, type ConfirmEnrollmentResponse } from '../../../shared/protocol/two-factor-api';
import { realServer, type RealServer } from './support/real-server';
import { alertText, button, input, shadow, submit, type, until } from './support/shadow';

let server: RealServer;
let element: TwoFactorChallengeElement;
let uri: string;
let recoveryCodes: string[];
let events: Array<{ type: string; detail: unknown }>;
const record = (e: Event) => events.push({ type: e.type, detail: (e as CustomEvent).detail });

async function post<T>(path: string, body: object): Promise<T> {
  const response = await fetch(`/api/2fa${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as T;
}

/** Enables two-factor through the HTTP API (the settings element's job), then signs "out" to the password stage. */
beforeEach(async () => {
  server = realServer();
  const enrollment = await post<Enrollment>(API_PATHS.enrollments, {});
  uri = enrollment.otpauthUri;
  recoveryCodes = (await post<ConfirmEnrollmentResponse>(API_PATHS.confirm(enrollment.id), { code: server.codeFor(uri) })).recoveryCodes!;
  server.advance(30_000);
  server.session.stage = 'password';
  events = [];
  for (const type of ['two-factor-verified', 'two-factor-error']) document.addEventListener(type, record);
});

afterEach(() => {
  for (const type of ['two-factor-verified', 'two-factor-error']) document.removeEventListener(type, record);
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

function mount(redirect: string | null = '/settings'): TwoFactorChallengeElement {
  element = document.createElement('two-factor-challenge');
  element.setAttribute('api', '/api/2fa');
  if (redirect) element.setAttribute('redirect', redirect);
  document.body.append(element);
  return element;
}

describe('<two-factor-challenge>', () => {
  test('a current code verifies, emits two-factor-verified and follows redirect', async () => {
    const assign = vi.spyOn(location, 'assign').mockImplementation(() => {});
    mount('/settings');
    const field = input(element, 'Code from your authenticator app');
    expect(field.getAttribute('autocomplete')).toBe('one-time-code');
    expect(field.getAttribute('inputmode')).toBe('numeric');
    type(field, server.codeFor(uri).replace(/(\d{3})/, '$1 '));
    submit(element);
    const settings = new URL('/settings', location.href).href;
    await until(() => expect(assign).toHaveBeenCalledWith(settings));
    expect(events).toEqual([{ type: 'two-factor-verified', detail: { redirect: settings } }]);
  });

  test('a listener that calls preventDefault() keeps the page (for single-page apps)', async () => {
    const assign = vi.spyOn(location, 'assign').mockImplementation(() => {});
    mount('/settings');
    element.addEventListener('two-factor-verified', (event) => event.preventDefault());
    type(input(element, 'Code from your authenticator app'), server.codeFor(uri));
    submit(element);
    await until(() => expect(events).toHaveLength(1));
    expect(assign).not.toHaveBeenCalled();
  });

  test('a wrong code says codes work once and selects it for the next attempt', async () => {
    mount();
    const field = input(element, 'Code from your authenticator app');
    type(field, server.codeFor(uri) === '000000' ? '111111' : '000000');
    submit(element);
    await until(() => expect(alertText(element)).toContain('Each code works once'));
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, 6]);
    expect(events).toEqual([{ type: 'two-factor-error', detail: { code: 'invalid_code', status: 422 } }]);
  });

  test('a code that was already used is refused like a wrong one', async () => {
    vi.spyOn(location, 'assign').mockImplementation(() => {});
    const code = server.codeFor(uri);
    expect(await server.twoFactor.verifyLogin('user-1', code)).toEqual({ ok: true });
    mount();
    type(input(element, 'Code from your authenticator app'), code);
    submit(element);
    await until(() => expect(alertText(element)).toContain('if you just used this one, wait for the next'));
  });

  test('"Use a recovery code instead" takes a recovery code in a separate field', async () => {
    vi.spyOn(location, 'assign').mockImplementation(() => {});
    mount();
    button(element, 'Use a recovery code instead').click();
    expect(shadow(element).querySelector('[autocomplete=one-time-code]')).toBeNull();
    const field = input(element, 'Recovery code');
    expect(field.getAttribute('autocomplete')).toBe('off');
    type(field, recoveryCodes[0]!);
    submit(element);
    await until(() => expect(events).toEqual([{ type: 'two-factor-verified', detail: { redirect: new URL('/settings', location.href).href } }]));
  });

  test('throttled after five failures: counts down with Verify disabled', async () => {
    mount();
    const wrong = server.codeFor(uri) === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt++) {
      type(input(element, 'Code from your authenticator app'), wrong);
      submit(element);
      await until(() => expect(events).toHaveLength(attempt));
    }
    submit(element);
    await until(() => expect(alertText(element)).toMatch(/^Too many attempts\. Try again in (30|29) s\.$/));
    expect(button(element, 'Verify').disabled).toBe(true);
  });

  test('after 100 wrong codes in a row the right code is refused with the recovery-code way out', async () => {
    const wrong = server.codeFor(uri) === '000000' ? '111111' : '000000';
    for (let i = 0; i < 100; i++) {
      expect(await server.twoFactor.verifyLogin('user-1', wrong)).toEqual({ ok: false, reason: 'invalid_code' });
      server.advance(3600_000);
    }
    mount();
    type(input(element, 'Code from your authenticator app'), server.codeFor(uri));
    submit(element);
    await until(() => expect(alertText(element)).toBe('Too many wrong codes: codes from your authenticator app are blocked. Use a recovery code, or contact support.'));
    expect(events).toEqual([{ type: 'two-factor-error', detail: { code: 'locked', status: 423 } }]);
    expect(button(element, 'Verify').disabled).toBe(false);
  });

  test('a visitor whose session ended is told to sign in again', async () => {
    server.signOut();
    mount();
    type(input(element, 'Code from your authenticator app'), server.codeFor(uri));
    submit(element);
    await until(() => expect(alertText(element)).toBe('Your session has ended. Please sign in again.'));
    expect(events).toEqual([{ type: 'two-factor-error', detail: { code: 'unauthenticated', status: 401 } }]);
  });
});

describe('<two-factor-challenge redirect>: only a same-origin http(s) address is followed', () => {
  /** Verifies with a fresh code; resolves once the element has emitted its events. */
  async function verifyWith(redirect: string, expectedEvents = 2): Promise<void> {
    mount(redirect);
    type(input(element, 'Code from your authenticator app'), server.codeFor(uri));
    submit(element);
    await until(() => expect(events).toHaveLength(expectedEvents));
  }

  test.each([
    ['javascript:alert(document.cookie)'],
    ['JavaScript:alert(1)'],
    ['  javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['https://evil.example/phish'],
    ['//evil.example/phish'],
    ['/\\evil.example/phish'],
    ['http://localhost:3001/settings'],
    ['ftp://localhost:3000/settings'],
    ['blob:http://localhost:3000/1234'],
  ])('%s: stays, emits two-factor-error bad_redirect, and the verified detail carries no redirect', async (redirect) => {
    const assign = vi.spyOn(location, 'assign').mockImplementation(() => {});
    const replace = vi.spyOn(location, 'replace').mockImplementation(() => {});
    await verifyWith(redirect);
    expect(events).toEqual([
      { type: 'two-factor-verified', detail: { redirect: null } },
      { type: 'two-factor-error', detail: { code: 'bad_redirect', status: 0 } },
    ]);
    expect(assign).not.toHaveBeenCalled();
    expect(replace).not.toHaveBeenCalled();
  });

  test.each([
    ['/settings', '/settings'],
    ['settings?tab=2fa#codes', '/settings?tab=2fa#codes'],
    ['../home', '/home'],
    ['http://localhost:3000/account', '/account'],
  ])('the legitimate twin %s is followed, resolved against the page', async (redirect, path) => {
    const assign = vi.spyOn(location, 'assign').mockImplementation(() => {});
    await verifyWith(redirect, 1);
    const href = new URL(path, location.href).href;
    expect(new URL(href).origin).toBe(location.origin);
    expect(events).toEqual([{ type: 'two-factor-verified', detail: { redirect: href } }]);
    await until(() => expect(assign).toHaveBeenCalledWith(href));
  });
});

test('messages set before the element is defined still apply (property upgrade)', async () => {
  const early = document.createElement('two-factor-early');
  (early as unknown as { messages: object }).messages = { verify: 'Check code' };
  document.body.append(early);
  const { TwoFactorChallengeElement: Challenge } = await import('../../../widget/element/index');
  customElements.define('two-factor-early', class extends Challenge {});
  await until(() => expect(shadow(early).textContent).toContain('Check code'));
  expect(shadow(early).querySelector('h2')!.textContent).toBe('Two-factor authentication'); // the rest of the table still there
});
