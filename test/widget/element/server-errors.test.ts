// @vitest-environment happy-dom
/**
 * The states the real server cannot produce on demand: no network at all, and a 500. Here
 * (and only here) `fetch` is stubbed.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import '../../../widget/element/index';
import type { TwoFactorErrorDetail } from '../../../widget/element/events';

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

const settle = () => new Promise((r) => setTimeout(r, 0));

function mount(): HTMLElement {
  const element = document.createElement('two-factor-settings');
  element.setAttribute('api', '/api/2fa');
  document.body.append(element);
  return element;
}

const text = (element: HTMLElement) => element.shadowRoot!.textContent ?? '';
const button = (element: HTMLElement, label: string) =>
  [...element.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === label);

describe('<two-factor-settings> when the server cannot be reached', () => {
  test('shows loading, then the offline message with Try again, and recovers on retry', async () => {
    const fetch = vi.fn().mockRejectedValueOnce(new TypeError('Failed to fetch'));
    vi.stubGlobal('fetch', fetch);
    const errors: TwoFactorErrorDetail[] = [];
    document.addEventListener('two-factor-error', (e) => errors.push(e.detail));
    const element = mount();
    expect(text(element)).toContain('Loading…');
    await settle();
    expect(text(element)).toContain("Can't reach the server. Check your connection.");
    expect(errors).toEqual([{ code: 'network_error', status: 0 }]);

    fetch.mockResolvedValueOnce(
      new Response(JSON.stringify({ state: 'disabled', enabledAt: null, pendingEnrollment: null, recoveryCodesLeft: 0 }), {
        headers: { 'Content-Type': 'application/json' },
      }),
    );
    button(element, 'Try again')!.click();
    await settle();
    expect(text(element)).not.toContain("Can't reach the server");
    expect(button(element, 'Set up Two-Factor Authentication')).toBeDefined();
  });

  test('a 500 says the server failed and offers Try again', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(new Response('oops', { status: 500 })));
    const element = mount();
    await settle();
    expect(text(element)).toContain('Something went wrong on the server.');
    expect(button(element, 'Try again')).toBeDefined();
  });
});
