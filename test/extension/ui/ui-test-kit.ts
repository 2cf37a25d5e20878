/**
 * What the extension pages' component tests share: waiting for what a user would see, the
 * page's text, finding a button by its name, typing into a field.
 */
import { act } from 'preact/test-utils';

/** Polls `fn` (re-rendering between tries) until it returns something truthy. */
export async function until<T>(fn: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; page: ${document.body.textContent?.slice(0, 300)}`);
    await act(() => new Promise((r) => setTimeout(r, 10)));
  }
}

export const text = (within: ParentNode = document.body): string => (within as Element).textContent ?? '';

/** The button whose accessible name (aria-label, else its text) is `name`. */
export const button = (name: string | RegExp, within: ParentNode = document): HTMLButtonElement | undefined =>
  [...within.querySelectorAll('button')].find((b) => {
    const label = (b.getAttribute('aria-label') ?? b.textContent ?? '').trim();
    return typeof name === 'string' ? label === name : name.test(label);
  });

export function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
