/**
 * Finds the one-time-code fields of a page: single inputs and split boxes (4-8 one-digit
 * inputs), in the document and in every shadow root, visible ones only, never a field that
 * is something else (search, coupon, postal code, card, phone, recovery code, captcha).
 *
 * The rules, in order: the input type must fit (text, tel, number, or password when its
 * name says OTP); exclusion words in its name or label win; a length outside 6-8 loses;
 * then `autocomplete="one-time-code"`, a code phrase in any of our languages, or a generic
 * "code" word on a field shaped like a code makes it one.
 */
import {
  CODE_PHRASES,
  EXCLUDED_AUTOCOMPLETE,
  EXCLUSION_KINDS,
  EXCLUSION_WORDS,
  WEAK_CODE_WORDS,
  type ExclusionKind,
} from './code-field-words';
import { describeField, type FieldDescription } from './describe-field';
import { composedParent, defaultShadowRootReader, walkRoots, type ShadowRootReader } from '../../in-page/dom-roots';
import { isVisible } from './is-visible';
import { normalizeText } from './normalize-text';
import { phraseMatcher } from './phrase-matcher';

export type SingleCodeField = { kind: 'single'; input: HTMLInputElement; /** null when the page sets none. */ maxLength: number | null };
export type SplitCodeField = { kind: 'split'; inputs: HTMLInputElement[] };
export type CodeField = SingleCodeField | SplitCodeField;

export type FindOptions = {
  readShadowRoot?: ShadowRootReader;
  /** Check layout boxes for visibility (default true; false only without a layout engine). */
  layout?: boolean;
  /** Receives every shadow root met, so a watcher can observe it. */
  onShadowRoot?: (root: ShadowRoot) => void;
};

export const MIN_CODE_LENGTH = 6;
export const MAX_CODE_LENGTH = 8;
export const MIN_SPLIT_BOXES = 4;
export const MAX_SPLIT_BOXES = 8;

const codePhrase = phraseMatcher(Object.values(CODE_PHRASES).flat());
const weakWord = phraseMatcher(WEAK_CODE_WORDS);
/** German and Dutch glue "code" to the word before it (Anmeldecode, inlogcode). */
const COMPOUND_CODE = /\p{L}code /u;
const exclusion = Object.fromEntries(EXCLUSION_KINDS.map((kind) => [kind, phraseMatcher(EXCLUSION_WORDS[kind])])) as Record<
  ExclusionKind,
  (text: string) => boolean
>;
/** Types a code field can have at all (password only when its name says OTP). */
const TEXT_LIKE_TYPES = new Set(['text', 'tel', 'number', 'password']);
/** Identifiers of a password-type input that say it holds a one-time code. */
const OTP_IDENTIFIER = phraseMatcher(['otp', 'totp', 'mfa', '2fa', 'tfa', 'one-time', 'one time', 'two-factor', 'otc', 'passcode', 'token code', 'verification code']);

/** All code fields under `root`, in document order. */
export function findCodeFields(root: Document | ShadowRoot | Element, options: FindOptions = {}): CodeField[] {
  const { inputs, shadowRoots } = walkRoots(root, options.readShadowRoot ?? defaultShadowRootReader());
  if (options.onShadowRoot) for (const shadow of shadowRoots) options.onShadowRoot(shadow);
  const layout = options.layout ?? true;
  const fields: CodeField[] = [];
  // Boxes waiting to see whether enough neighbours follow to make a split field.
  let run: HTMLInputElement[] = [];
  const flushRun = () => {
    if (run.length >= MIN_SPLIT_BOXES && run.length <= MAX_SPLIT_BOXES && splitBoxesAreCode(run)) {
      fields.push({ kind: 'split', inputs: run });
    }
    run = [];
  };
  for (const input of inputs) {
    if (!isUsable(input)) continue;
    if (!TEXT_LIKE_TYPES.has(input.type)) continue;
    if (!isVisible(input, { layout })) continue;
    const box = isSplitBox(input);
    if (box) {
      const last = run[run.length - 1];
      if (last && !closeRelatives(last, input)) flushRun();
      run.push(input);
      continue;
    }
    flushRun();
    const field = classifySingle(input);
    if (field) fields.push(field);
  }
  flushRun();
  return fields;
}

/** Why an input is or is not a code field: for tests and debugging, never for logs. */
export function explainField(input: HTMLInputElement): 'code' | ExclusionKind | 'type' | 'length' | 'no-signal' {
  if (input.type === 'search') return 'search';
  if (!TEXT_LIKE_TYPES.has(input.type)) return 'type';
  const description = describeField(input);
  if (input.type === 'password' && !OTP_IDENTIFIER(description.identifiers) && !description.autocomplete.includes('one-time-code')) {
    return 'type';
  }
  const excluded = exclusionOf(description, input);
  if (excluded) return excluded;
  if (!lengthFits(input, description.autocomplete.includes('one-time-code'))) return 'length';
  return positive(description, input) ? 'code' : 'no-signal';
}

function classifySingle(input: HTMLInputElement): SingleCodeField | null {
  if (explainField(input) !== 'code') return null;
  const maxLength = input.maxLength > 0 ? input.maxLength : null;
  return { kind: 'single', input, maxLength };
}

function isUsable(input: HTMLInputElement): boolean {
  return !input.disabled && !input.readOnly && input.type !== 'hidden';
}

function exclusionOf(description: FieldDescription, input: HTMLInputElement): ExclusionKind | null {
  if (input.type === 'search' || input.getAttribute('role') === 'searchbox' || input.getAttribute('role') === 'combobox') {
    return 'search';
  }
  const oneTimeCode = description.autocomplete.includes('one-time-code');
  for (const kind of EXCLUSION_KINDS) {
    // A site that marks a field one-time-code means it, unless it is a recovery code.
    if (oneTimeCode && kind !== 'recovery') continue;
    if (exclusion[kind](description.identifiers)) return kind;
    // A short label ("Mobile phone") names the field; a sentence that also names a one-time
    // code ("the code in the Authenticator app on your mobile device") only mentions the word.
    if (description.labelTexts.some((text) => exclusion[kind](text) && (isShortLabel(text) || !codePhrase(text)))) return kind;
  }
  if (!oneTimeCode && description.autocomplete.some((token) => EXCLUDED_AUTOCOMPLETE.test(token))) {
    const token = description.autocomplete.find((t) => EXCLUDED_AUTOCOMPLETE.test(t)) ?? '';
    return token.startsWith('tel') ? 'phone' : token.startsWith('cc') ? 'card' : token === 'postal-code' ? 'postal' : 'identity';
  }
  return null;
}

/** At most six words (or sixteen characters of Chinese or Japanese): a label, not a sentence. */
function isShortLabel(text: string): boolean {
  const words = text.trim().split(' ');
  return words.length <= 6 && text.length <= 60 && !(words.length === 1 && text.length > 18);
}

function lengthFits(input: HTMLInputElement, oneTimeCode: boolean): boolean {
  const max = input.maxLength;
  // A field the site marks one-time-code may allow room for spaces ("123 456"); it only has to hold a code.
  if (max > 0 && (max < MIN_CODE_LENGTH || (max > MAX_CODE_LENGTH && !oneTimeCode))) return false;
  const min = input.minLength;
  return !(min > MAX_CODE_LENGTH);
}

/** A code's shape: 6-8 long, a numeric keyboard, or a digits-only pattern. */
function codeShaped(input: HTMLInputElement): boolean {
  if (input.maxLength >= MIN_CODE_LENGTH && input.maxLength <= MAX_CODE_LENGTH) return true;
  if (input.type === 'tel' || input.type === 'number') return true;
  if ((input.getAttribute('inputmode') ?? '').toLowerCase() === 'numeric') return true;
  const pattern = input.getAttribute('pattern') ?? '';
  return /\\d|\[0-9\]/.test(pattern);
}

function positive(description: FieldDescription, input: HTMLInputElement): boolean {
  if (description.autocomplete.includes('one-time-code')) return true;
  const named = description.identifiers + description.labels;
  if (codePhrase(named) || codePhrase(description.help) || OTP_IDENTIFIER(description.classes)) return true;
  if (!codeShaped(input)) return false;
  if (weakWord(named) || COMPOUND_CODE.test(named)) return true;
  const context = description.context;
  return codePhrase(context) && !EXCLUSION_KINDS.some((kind) => exclusion[kind](context));
}

/** A one-character box of a split code field. */
function isSplitBox(input: HTMLInputElement): boolean {
  return input.maxLength === 1;
}

/** Boxes of one field sit within three levels of a common ancestor. */
function closeRelatives(a: Element, b: Element): boolean {
  const ancestors = new Set<Element>();
  for (let node = composedParent(a), depth = 0; node && depth < 3; node = composedParent(node), depth++) ancestors.add(node);
  for (let node = composedParent(b), depth = 0; node && depth < 3; node = composedParent(node), depth++) {
    if (ancestors.has(node)) return true;
  }
  return false;
}

function splitBoxesAreCode(boxes: HTMLInputElement[]): boolean {
  for (const box of boxes) {
    const description = describeField(box);
    if (exclusionOf(description, box)) return false;
  }
  // The container's own label ("Enter the 6-digit code", or "Card number") decides when it says something.
  const container = commonContainer(boxes);
  if (container) {
    const text = normalizeText([container.getAttribute('aria-label') ?? '', labelledByText(container)].join(' '));
    if (EXCLUSION_KINDS.some((kind) => exclusion[kind](text))) return false;
  }
  return true;
}

function commonContainer(boxes: HTMLInputElement[]): Element | null {
  const first = boxes[0];
  const last = boxes[boxes.length - 1];
  if (!first || !last) return null;
  for (let node = composedParent(first), depth = 0; node && depth < 3; node = composedParent(node), depth++) {
    if (node.contains(last)) return node;
  }
  return null;
}

function labelledByText(element: Element): string {
  const ids = (element.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
  const root = element.getRootNode() as Document | ShadowRoot;
  return ids.map((id) => root.getElementById?.(id)?.textContent ?? '').join(' ');
}
