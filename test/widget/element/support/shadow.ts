/** Small queries into the widget's open shadow root, by what a user sees (labels, texts). */
import { expect } from 'vitest';

export const shadow = (element: Element) => element.shadowRoot!;
export const text = (element: Element) => shadow(element).textContent ?? '';

/** The open <dialog>, or null. */
export const openDialog = (element: Element) => shadow(element).querySelector<HTMLDialogElement>('dialog[open]');

/** The dialog's accessible name (its aria-labelledby target's text). */
export function dialogName(element: Element): string | null {
  const dialog = openDialog(element);
  const id = dialog?.getAttribute('aria-labelledby');
  return (id && shadow(element).getElementById(id)?.textContent) || null;
}

export function button(element: Element, label: string): HTMLButtonElement {
  const found = [...shadow(element).querySelectorAll('button')].find((b) => b.textContent === label);
  if (!found) throw new Error(`No button "${label}" in: ${text(element)}`);
  return found;
}

export const hasButton = (element: Element, label: string) =>
  [...shadow(element).querySelectorAll('button')].some((b) => b.textContent === label);

/** The input inside the <label> whose text starts with `label`. */
export function input(element: Element, label: string): HTMLInputElement {
  const found = [...shadow(element).querySelectorAll('label')].find((l) => l.textContent?.startsWith(label))?.querySelector('input');
  if (!found) throw new Error(`No input labelled "${label}" in: ${text(element)}`);
  return found;
}

/** Types (or pastes) into an input the way a browser does: set the value, fire `input`. */
export function type(field: HTMLInputElement, value: string): void {
  field.value = value;
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

export function submit(element: Element): void {
  const form = openDialog(element)?.querySelector('form') ?? shadow(element).querySelector('form');
  form!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}

/** Waits (real time, at most 3 s) until `check` stops throwing. */
export async function until(check: () => unknown): Promise<void> {
  const deadline = performance.now() + 3000;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}

export const alertText = (element: Element) => shadow(element).querySelector('[role=alert]')?.textContent ?? null;

export function expectFocused(element: Element, target: Element): void {
  expect(shadow(element).activeElement).toBe(target);
}
