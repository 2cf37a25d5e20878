// @vitest-environment happy-dom
/**
 * <two-factor-settings> against the real server library (memory store): every flow and every
 * state the server can produce (wrong code, expired enrolment, throttling, stale session).
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import '../../../widget/element/index';
import type { TwoFactorSettingsElement } from '../../../widget/element/index';
import { qrPath } from '../../../widget/element/qr-path';
import { realServer, type RealServer } from './support/real-server';
import { alertText, button, dialogName, expectFocused, hasButton, input, openDialog, shadow, submit, text, type, until } from './support/shadow';

let server: RealServer;
let element: TwoFactorSettingsElement;
let events: Array<{ type: string; detail: unknown }>;

const EVENTS = ['two-factor-enabled', 'two-factor-reset', 'two-factor-disabled', 'two-factor-reauth-required', 'two-factor-error'] as const;
const record = (e: Event) => events.push({ type: e.type, detail: (e as CustomEvent).detail });

function mount(attributes: Record<string, string> = {}): TwoFactorSettingsElement {
  element = document.createElement('two-factor-settings');
  element.setAttribute('api', '/api/2fa');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  return element;
}

const ready = () => until(() => expect(hasButton(element, 'Set up Two-Factor Authentication') || hasButton(element, 'Reset Token')).toBe(true));

/** The URI of the enrolment the server says is pending, as it was sent to the widget (what the QR encodes). */
async function pendingUri(): Promise<string> {
  const status = await server.twoFactor.status(server.session.userId);
  return server.issuedEnrollment(status.pendingEnrollment!.id).otpauthUri;
}

async function openSetUp(): Promise<string> {
  button(element, 'Set up Two-Factor Authentication').click();
  await until(() => expect(dialogName(element)).toBe('Set up Two-Factor Authentication'));
  return pendingUri();
}

/** Set up -> Confirm, up to the recovery codes modal; returns the URI and the codes shown. */
async function confirmSetUp(): Promise<{ uri: string; codes: string[] }> {
  mount();
  await ready();
  const uri = await openSetUp();
  type(input(element, 'Code from your authenticator app'), server.codeFor(uri));
  submit(element);
  await until(() => expect(dialogName(element)).toBe('Save your recovery codes'));
  return { uri, codes: [...shadow(element).querySelectorAll('[part~=recovery-codes] li')].map((li) => li.textContent!) };
}

/** Set up -> Confirm -> recovery codes saved -> Done, on a freshly mounted element. */
async function enable(): Promise<{ uri: string; codes: string[] }> {
  const result = await confirmSetUp();
  input(element, 'I have saved these codes').click();
  button(element, 'Done').click();
  await until(() => expect(openDialog(element)).toBeNull());
  server.advance(30_000);
  return result;
}

beforeEach(() => {
  server = realServer();
  events = [];
  for (const type of EVENTS) document.addEventListener(type, record);
});

afterEach(() => {
  vi.restoreAllMocks();
  for (const type of EVENTS) document.removeEventListener(type, record);
  vi.useRealTimers();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

describe('<two-factor-settings> Set up', () => {
  test('shows Loading, then the heading and "Set up Two-Factor Authentication"', async () => {
    mount();
    expect(text(element)).toContain('Loading…');
    await ready();
    expect(shadow(element).querySelector('h2')!.textContent).toBe('Two-Factor Authentication');
    expect(text(element)).not.toContain('Loading…');
  });

  test('opens a labelled modal with the QR of the pending enrolment, issuer, account and the grouped key', async () => {
    mount();
    await ready();
    const uri = await openSetUp();
    const dialog = openDialog(element)!;
    const { d } = qrPath(uri);
    expect(dialog.querySelector('svg path')!.getAttribute('d')).toBe(d);
    expect(dialog.querySelector('svg')!.getAttribute('aria-label')).toBe('QR code for Demo Shop: alice@example.com');
    expect(dialog.textContent).toContain('Demo Shop alice@example.com');
    const secret = new URL(uri).searchParams.get('secret')!;
    const key = dialog.querySelector('[part~=manual-key] code')!.textContent!;
    expect(key.replaceAll(' ', '')).toBe(secret);
    expect(key.split(' ').every((group) => group.length <= 4)).toBe(true);
    expect(dialog.querySelector('summary')!.textContent).toBe("Can't scan it?");
    expectFocused(element, input(element, 'Code from your authenticator app'));
  });

  test('the code input is a 6-digit one-time-code field that drops pasted spaces', async () => {
    mount();
    await ready();
    await openSetUp();
    const field = input(element, 'Code from your authenticator app');
    expect(field.getAttribute('autocomplete')).toBe('one-time-code');
    expect(field.getAttribute('inputmode')).toBe('numeric');
    expect(field.getAttribute('pattern')).toBe('[0-9]{6}');
    type(field, ' 123 456 ');
    expect(field.value).toBe('123456');
    type(field, '12-34-567-8');
    expect(field.value).toBe('123456');
  });

  test('Confirm enables, shows 10 recovery codes once and needs "I have saved these codes" to close', async () => {
    const { codes } = await confirmSetUp();
    expect(codes).toHaveLength(10);
    expect(hasButton(element, 'Copy')).toBe(true);
    expect(hasButton(element, 'Download')).toBe(true);
    expect(button(element, 'Done').disabled).toBe(true);

    openDialog(element)!.dispatchEvent(new Event('cancel', { cancelable: true })); // Escape
    expect(openDialog(element)).not.toBeNull();

    input(element, 'I have saved these codes').click();
    expect(button(element, 'Done').disabled).toBe(false);
    button(element, 'Done').click();
    expect(openDialog(element)).toBeNull();
    await until(() => expect(text(element)).toContain('Two-factor authentication is enabled'));
    expect(text(element)).toContain('Recovery codes left: 10');
    expect((await server.twoFactor.status('user-1')).state).toBe('enabled');
    expect(events).toEqual([{ type: 'two-factor-enabled', detail: { enabledAt: expect.any(String) } }]);
  });

  test('Copy puts the codes on the clipboard; Download saves them as a text file', async () => {
    const writeText = vi.spyOn(navigator.clipboard, 'writeText');
    const created: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (created.push(blob as Blob), 'blob:codes'));
    const downloads: string[] = [];
    // happy-dom would navigate to the blob URL; a browser saves the file named by `download`.
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    const { codes } = await confirmSetUp();
    button(element, 'Copy').click();
    await until(() => expect(hasButton(element, 'Copied')).toBe(true));
    expect(writeText).toHaveBeenCalledWith(codes.join('\n'));
    button(element, 'Download').click();
    expect(downloads).toEqual(['localhost-recovery-codes.txt']);
    expect(await created[0]!.text()).toBe(codes.join('\n') + '\n');
  });

  test('a wrong code keeps the modal, selects the typed code and says codes work once', async () => {
    mount();
    await ready();
    const uri = await openSetUp();
    const wrong = server.codeFor(uri) === '000000' ? '111111' : '000000';
    const field = input(element, 'Code from your authenticator app');
    type(field, wrong);
    submit(element);
    await until(() => expect(alertText(element)).toContain('Each code works once'));
    expect(dialogName(element)).toBe('Set up Two-Factor Authentication');
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, 6]);
    expect(events).toEqual([{ type: 'two-factor-error', detail: { code: 'invalid_code', status: 422 } }]);
  });

  test('closing the set-up modal deletes the pending enrolment and returns focus to the button', async () => {
    mount();
    await ready();
    const opener = button(element, 'Set up Two-Factor Authentication');
    opener.focus();
    await openSetUp();
    button(element, 'Cancel').click();
    expect(openDialog(element)).toBeNull();
    await until(() => expect(server.requests).toContainEqual(expect.stringMatching(/^DELETE \/api\/2fa\/enrollments\//)));
    await until(async () => expect((await server.twoFactor.status('user-1')).pendingEnrollment).toBeNull());
    expectFocused(element, opener);

    await openSetUp();
    openDialog(element)!.dispatchEvent(new Event('cancel', { cancelable: true })); // Escape
    expect(openDialog(element)).toBeNull();
    await until(() => expect(server.requests.filter((r) => r.startsWith('DELETE'))).toHaveLength(2));
  });

  test('an expired enrolment offers a new QR code with a new secret', async () => {
    mount();
    await ready();
    const first = await openSetUp();
    server.advance(11 * 60_000);
    server.session.authenticatedAt = server.clock.now;
    type(input(element, 'Code from your authenticator app'), server.codeFor(first));
    submit(element);
    await until(() => expect(alertText(element)).toBe('This QR code has expired.'));
    button(element, 'Show a new QR code').click();
    await until(async () => expect((await server.twoFactor.status('user-1')).pendingEnrollment).not.toBeNull());
    const second = await pendingUri();
    expect(second).not.toBe(first);
    await until(() => expect(openDialog(element)!.querySelector('svg path')!.getAttribute('d')).toBe(qrPath(second).d));
    expect(alertText(element)).toBeNull();
  });

  test('throttled: says when to retry, counts down, and allows Confirm again at zero', async () => {
    mount();
    await ready();
    const uri = await openSetUp();
    const wrong = server.codeFor(uri) === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt++) {
      type(input(element, 'Code from your authenticator app'), wrong);
      submit(element);
      await until(() => expect(events).toHaveLength(attempt));
    }
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    submit(element);
    await until(() => expect(alertText(element)).toBe('Too many attempts. Try again in 30 s.'));
    expect(events.at(-1)).toEqual({ type: 'two-factor-error', detail: { code: 'throttled', status: 429 } });
    expect(button(element, 'Confirm').disabled).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(alertText(element)).toBe('Too many attempts. Try again in 29 s.');
    vi.advanceTimersByTime(29_000);
    expect(alertText(element)).toBeNull();
    expect(button(element, 'Confirm').disabled).toBe(false);
  });

  test('offline during Confirm: says so, keeps the modal and the code, and "Try again" finishes', async () => {
    mount();
    await ready();
    const uri = await openSetUp();
    type(input(element, 'Code from your authenticator app'), server.codeFor(uri));
    server.network.online = false;
    submit(element);
    await until(() => expect(alertText(element)).toBe("Can't reach the server. Check your connection."));
    expect(dialogName(element)).toBe('Set up Two-Factor Authentication');
    expect(input(element, 'Code from your authenticator app').value).toBe(server.codeFor(uri));
    expect(events).toEqual([{ type: 'two-factor-error', detail: { code: 'network_error', status: 0 } }]);

    server.network.online = true;
    button(element, 'Try again').click();
    await until(() => expect(dialogName(element)).toBe('Save your recovery codes'));
  });

  test('re-authentication required: emits the event, then retry() carries on', async () => {
    server.session.authenticatedAt = server.clock.now - 11 * 60_000;
    mount();
    await ready();
    button(element, 'Set up Two-Factor Authentication').click();
    await until(() => expect(alertText(element)).toBe('Please confirm your password to continue.'));
    expect(events).toEqual([{ type: 'two-factor-reauth-required', detail: {} }]);
    expect(openDialog(element)).toBeNull();

    server.session.authenticatedAt = server.clock.now; // the site asked for the password
    await element.retry();
    expect(dialogName(element)).toBe('Set up Two-Factor Authentication');
    expect(alertText(element)).toBeNull();
  });

  test('issuer and account names are shown as text, never as HTML', async () => {
    server = realServer({ issuer: '<img src=x onerror=alert(1)>', accountName: '<b>mallory</b>' });
    mount();
    await ready();
    await openSetUp();
    const dialog = openDialog(element)!;
    expect(dialog.querySelector('img, b')).toBeNull();
    expect(dialog.textContent).toContain('<img src=x onerror=alert(1)> <b>mallory</b>');
  });

  test('no event detail carries the secret, a code or a recovery code', async () => {
    const { uri, codes } = await enable();
    const secret = new URL(uri).searchParams.get('secret')!;
    const details = JSON.stringify(events);
    for (const secretThing of [secret, ...codes]) expect(details).not.toContain(secretThing);
  });
});

describe('<two-factor-settings> when enabled', () => {
  test('shows recovery codes left and the three actions', async () => {
    await enable();
    for (const label of ['Reset Token', 'Regenerate recovery codes', 'Disable Two-Factor Authentication']) expect(hasButton(element, label)).toBe(true);
  });

  test('Reset Token: explains make-before-break, focuses Cancel, then shows a new QR; the old token works until Confirm', async () => {
    const { uri: old } = await enable();
    const opener = button(element, 'Reset Token');
    opener.click();
    expect(dialogName(element)).toBe('Reset Token');
    expect(openDialog(element)!.textContent).toContain('Your current token keeps working until you confirm the new one.');
    expectFocused(element, button(element, 'Cancel'));
    const buttons = [...openDialog(element)!.querySelectorAll('[part~=actions] button')].map((b) => b.textContent);
    expect(buttons).toEqual(['Cancel', 'Reset']);

    type(input(element, 'Code from your authenticator app'), server.codeFor(old));
    submit(element);
    await until(() => expect(openDialog(element)?.querySelector('svg')).toBeTruthy());
    expect(dialogName(element)).toBe('Reset Token');
    const fresh = await pendingUri();
    expect(fresh).not.toBe(old);
    server.advance(30_000);
    expect(await server.twoFactor.verifyLogin('user-1', server.codeFor(old))).toEqual({ ok: true });

    server.advance(30_000);
    type(input(element, 'Code from your authenticator app'), server.codeFor(fresh));
    submit(element);
    await until(() => expect(openDialog(element)).toBeNull());
    expect(events.at(-1)).toEqual({ type: 'two-factor-reset', detail: { enabledAt: expect.any(String) } });
    expect(text(element)).toContain('Recovery codes left: 10');
    server.advance(30_000);
    expect(await server.twoFactor.verifyLogin('user-1', server.codeFor(old))).toMatchObject({ ok: false });
    expect(await server.twoFactor.verifyLogin('user-1', server.codeFor(fresh))).toEqual({ ok: true });
    expectFocused(element, opener);
  });

  test('a replacement enrolment that expired goes back to the Reset Token confirmation (a current code is needed again)', async () => {
    const { uri } = await enable();
    button(element, 'Reset Token').click();
    type(input(element, 'Code from your authenticator app'), server.codeFor(uri));
    submit(element);
    await until(() => expect(openDialog(element)?.querySelector('svg')).toBeTruthy());
    const fresh = await pendingUri();
    server.advance(11 * 60_000);
    server.session.authenticatedAt = server.clock.now;
    type(input(element, 'Code from your authenticator app'), server.codeFor(fresh));
    submit(element);
    await until(() => expect(alertText(element)).toBe('This QR code has expired.'));
    button(element, 'Show a new QR code').click();
    expect(dialogName(element)).toBe('Reset Token');
    expect(openDialog(element)!.textContent).toContain('Your current token keeps working');
    type(input(element, 'Code from your authenticator app'), server.codeFor(uri));
    submit(element);
    await until(() => expect(openDialog(element)?.querySelector('svg')).toBeTruthy());
    expect(await pendingUri()).not.toBe(fresh);
  });

  test('"Use a recovery code instead" swaps in a separate input the extension leaves alone', async () => {
    const { codes } = await enable();
    button(element, 'Reset Token').click();
    button(element, 'Use a recovery code instead').click();
    const field = input(element, 'Recovery code');
    expect(field.getAttribute('autocomplete')).toBe('off');
    expect(field.hasAttribute('inputmode')).toBe(false);
    expect(shadow(element).querySelector('[autocomplete=one-time-code]')).toBeNull();
    type(field, codes[0]!);
    submit(element);
    await until(() => expect(openDialog(element)?.querySelector('svg')).toBeTruthy());
    button(element, 'Cancel').click();
    await until(() => expect(text(element)).toContain('Recovery codes left: 9'));

    button(element, 'Disable Two-Factor Authentication').click();
    button(element, 'Use a recovery code instead').click();
    button(element, 'Use your authenticator app instead').click();
    expect(input(element, 'Code from your authenticator app').getAttribute('autocomplete')).toBe('one-time-code');
  });

  test('Disable: Cancel first and focused, a wrong code keeps the modal, the right one disables', async () => {
    const { uri } = await enable();
    button(element, 'Disable Two-Factor Authentication').click();
    expect(dialogName(element)).toBe('Disable Two-Factor Authentication');
    expectFocused(element, button(element, 'Cancel'));
    expect([...openDialog(element)!.querySelectorAll('[part~=actions] button')].map((b) => b.textContent)).toEqual(['Cancel', 'Disable']);

    const right = server.codeFor(uri);
    type(input(element, 'Code from your authenticator app'), right === '000000' ? '111111' : '000000');
    submit(element);
    await until(() => expect(alertText(element)).toContain('Each code works once'));
    expect(dialogName(element)).toBe('Disable Two-Factor Authentication');

    type(input(element, 'Code from your authenticator app'), right);
    submit(element);
    await until(() => expect(openDialog(element)).toBeNull());
    expect(events.at(-1)).toEqual({ type: 'two-factor-disabled', detail: {} });
    expect(hasButton(element, 'Set up Two-Factor Authentication')).toBe(true);
    expect((await server.twoFactor.status('user-1')).state).toBe('disabled');
  });

  test('Regenerate recovery codes: asks for a code, shows 10 new codes once; the old ones die', async () => {
    const { uri, codes: old } = await enable();
    button(element, 'Regenerate recovery codes').click();
    expect(dialogName(element)).toBe('Regenerate recovery codes');
    type(input(element, 'Code from your authenticator app'), server.codeFor(uri));
    submit(element);
    await until(() => expect(dialogName(element)).toBe('Save your recovery codes'));
    const fresh = [...shadow(element).querySelectorAll('[part~=recovery-codes] li')].map((li) => li.textContent!);
    expect(fresh).toHaveLength(10);
    expect(fresh.some((code) => old.includes(code))).toBe(false);
    expect(await server.twoFactor.verifyLogin('user-1', old[0]!)).toMatchObject({ ok: false });
  });

  test('a stale session on Disable: event, message, and retry() completes it', async () => {
    const { uri } = await enable();
    server.session.authenticatedAt = server.clock.now - 11 * 60_000;
    button(element, 'Disable Two-Factor Authentication').click();
    type(input(element, 'Code from your authenticator app'), server.codeFor(uri));
    submit(element);
    await until(() => expect(alertText(element)).toBe('Please confirm your password to continue.'));
    expect(events.at(-1)).toEqual({ type: 'two-factor-reauth-required', detail: {} });
    server.session.authenticatedAt = server.clock.now;
    await element.retry();
    expect(openDialog(element)).toBeNull();
    expect((await server.twoFactor.status('user-1')).state).toBe('disabled');
  });
});

describe('<two-factor-settings> languages', () => {
  test('lang="de" shows German; the messages property overrides single texts', async () => {
    mount({ lang: 'de' });
    await until(() => expect(hasButton(element, 'Zwei-Faktor-Authentifizierung einrichten')).toBe(true));
    expect(shadow(element).querySelector('h2')!.textContent).toBe('Zwei-Faktor-Authentifizierung');
    element.messages = { setUp: '2FA einschalten' };
    expect(hasButton(element, '2FA einschalten')).toBe(true);
  });

  test('without its own lang, follows the page; unknown languages fall back to English', async () => {
    document.documentElement.lang = 'de-AT';
    try {
      mount();
      await until(() => expect(text(element)).toContain('Zwei-Faktor-Authentifizierung einrichten'));
      element.setAttribute('lang', 'xx');
      expect(text(element)).toContain('Set up Two-Factor Authentication');
    } finally {
      document.documentElement.lang = '';
    }
  });
});

describe('<two-factor-settings> as a citizen of the page', () => {
  test('events leave an enclosing shadow root (composed) and bubble to the document', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    element = document.createElement('two-factor-settings');
    server.network.online = false;
    host.attachShadow({ mode: 'open' }).append(element);
    await until(() => expect(events).toEqual([{ type: 'two-factor-error', detail: { code: 'network_error', status: 0 } }]));
  });

  test('a changed api attribute loads the status from the new base path', async () => {
    mount();
    await ready();
    element.setAttribute('api', '/elsewhere/2fa');
    await until(() => expect(server.requests.at(-1)).toBe('GET /elsewhere/2fa'));
  });
});
