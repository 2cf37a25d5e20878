/**
 * Puts a code into a code field the way a person typing or pasting would, so that the
 * page's framework (React, Vue, Preact, Angular, plain forms) sees it: the native value
 * setter (bypassing React's instance-level value tracker), then bubbling, composed `input`
 * and `change` events. Split boxes get a synthetic paste first (what OTP-box libraries
 * handle), then one digit per box. Never overwrites a value the user typed.
 */
import type { CodeField } from './find-code-fields';

export type FillOutcome =
  /** The field now holds the code. */
  | 'filled'
  /** The user (or the page) already put something there: left alone. */
  | 'occupied'
  /** The field cannot hold a code this long (maxlength, or a different number of boxes). */
  | 'does-not-fit'
  /** The page refused the value (a controlled input that reverted it). */
  | 'refused';

/** What we last put in each input, so a refill may replace our own value but nobody else's. */
const ours = new WeakMap<HTMLInputElement, string>();

const digitsOf = (value: string) => value.replace(/\D/g, '');

/** Whether `input` is empty or holds only what we filled. */
export function isUntouched(input: HTMLInputElement): boolean {
  const value = input.value.trim();
  return value === '' || (ours.has(input) && digitsOf(value) === ours.get(input));
}

/** Whether every input of `field` is empty or holds only what we filled. */
export function isFieldUntouched(field: CodeField): boolean {
  return field.kind === 'single' ? isUntouched(field.input) : field.inputs.every(isUntouched);
}

/** Whether every input of `field` is empty: a field nobody, not even we, has filled yet. */
export function isFieldEmpty(field: CodeField): boolean {
  return (field.kind === 'single' ? [field.input] : field.inputs).every((input) => input.value === '');
}

/** The outcome filling would have, without touching anything. */
export function checkFill(field: CodeField, code: string): FillOutcome | null {
  if (field.kind === 'single') {
    if (field.maxLength !== null && field.maxLength < code.length) return 'does-not-fit';
  } else if (field.inputs.length !== code.length) return 'does-not-fit';
  return isFieldUntouched(field) ? null : 'occupied';
}

/** Fills `code` into `field`. Resolves once the page has had a turn to react. */
export async function fillCodeField(field: CodeField, code: string): Promise<FillOutcome> {
  const blocked = checkFill(field, code);
  if (blocked) return blocked;
  return field.kind === 'single' ? fillSingle(field.input, code) : fillSplit(field.inputs, code);
}

async function fillSingle(input: HTMLInputElement, code: string): Promise<FillOutcome> {
  typeValue(input, code);
  if (digitsOf(input.value) !== code) return 'refused';
  ours.set(input, code);
  // Frameworks that render asynchronously (Preact, Vue) may still reset a controlled value.
  await nextTask(input);
  if (digitsOf(input.value) !== code) return 'refused';
  return 'filled';
}

async function fillSplit(boxes: HTMLInputElement[], code: string): Promise<FillOutcome> {
  const first = boxes[0]!;
  first.focus();
  pasteInto(first, code);
  await nextTask(first);
  if (!holds(boxes, code)) {
    // Nobody handled the paste (or handled it differently): type digit by digit, focusing
    // each box first, as libraries track the active box through focus.
    boxes.forEach((box, i) => {
      if (box.value === code[i]) return;
      box.focus();
      typeValue(box, code[i]!);
    });
    await nextTask(first);
  }
  if (!holds(boxes, code)) return 'refused';
  boxes.forEach((box, i) => ours.set(box, code[i]!));
  return 'filled';
}

function holds(boxes: HTMLInputElement[], code: string): boolean {
  return boxes.every((box, i) => box.value === code[i]);
}

/** Sets the value through the prototype's setter and announces it like typing would. */
function typeValue(input: HTMLInputElement, value: string): void {
  const view = input.ownerDocument.defaultView ?? window;
  const setter = Object.getOwnPropertyDescriptor(view.HTMLInputElement.prototype, 'value')?.set;
  if (setter) setter.call(input, value);
  else input.value = value;
  input.dispatchEvent(
    new view.InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText', data: value }),
  );
  input.dispatchEvent(new view.Event('change', { bubbles: true }));
}

function pasteInto(input: HTMLInputElement, text: string): void {
  const view = input.ownerDocument.defaultView ?? window;
  const data = new view.DataTransfer();
  data.setData('text/plain', text);
  input.dispatchEvent(new view.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true }));
}

/** One macrotask: microtask-scheduled renders (Preact, Vue) have run by then. */
function nextTask(node: Node): Promise<void> {
  const view = node.ownerDocument?.defaultView ?? globalThis;
  return new Promise((resolve) => view.setTimeout(resolve, 0));
}
