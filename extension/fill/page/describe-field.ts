/**
 * What an input says about itself, gathered once and normalised: its identifiers (name,
 * id), the text a person reads for it (labels, aria, placeholder, title), help text, and
 * its autocomplete tokens. Everything is capped so a page cannot make us read megabytes.
 */
import { composedParent } from '../../in-page/dom-roots';
import { normalizeIdentifier, normalizeText } from './normalize-text';

const MAX_TEXT = 200;

export type FieldDescription = {
  /** name, id and test ids, split into words. */
  identifiers: string;
  /** class names, split into words (weaker: design systems put anything there). */
  classes: string;
  /** Labels, aria-label, aria-labelledby, placeholder, title, joined. */
  labels: string;
  /** The same texts one by one (a short label and a long sentence weigh differently). */
  labelTexts: string[];
  /** aria-describedby text: help such as "Open your authenticator app". */
  help: string;
  /** The nearest short text around the field (a heading or sentence in its container). */
  context: string;
  /** autocomplete tokens, lower-case. */
  autocomplete: string[];
};

export function describeField(input: HTMLInputElement): FieldDescription {
  const attr = (name: string) => input.getAttribute(name) ?? '';
  const labelTexts = [labelText(input), attr('aria-label'), idrefText(input, 'aria-labelledby'), attr('placeholder'), attr('title')]
    .map((text) => normalizeText(cap(text)))
    .filter((text) => text !== ' ');
  return {
    identifiers: normalizeIdentifier(
      [attr('name'), attr('id'), attr('data-testid'), attr('data-test'), attr('data-qa'), attr('formcontrolname')].join(' '),
    ),
    classes: normalizeIdentifier(attr('class')),
    labels: labelTexts.length === 0 ? ' ' : labelTexts.join(''),
    labelTexts,
    help: normalizeText(cap(idrefText(input, 'aria-describedby'))),
    context: normalizeText(contextText(input)),
    autocomplete: attr('autocomplete').toLowerCase().split(/\s+/).filter(Boolean),
  };
}

function cap(text: string): string {
  return text.length > MAX_TEXT * 3 ? text.slice(0, MAX_TEXT * 3) : text;
}

function labelText(input: HTMLInputElement): string {
  const texts: string[] = [];
  for (const label of Array.from(input.labels ?? [])) texts.push(textOf(label));
  if (texts.length === 0) {
    // <label>Code</label><input>: a label without `for` right before the field, a common
    // shape in component libraries.
    const before = input.previousElementSibling ?? input.parentElement?.previousElementSibling;
    if (before?.localName === 'label' && !before.hasAttribute('for')) texts.push(textOf(before));
  }
  return texts.join(' ');
}

function idrefText(input: HTMLInputElement, attribute: string): string {
  const ids = (input.getAttribute(attribute) ?? '').split(/\s+/).filter(Boolean);
  if (ids.length === 0) return '';
  const root = input.getRootNode() as Document | ShadowRoot;
  return ids
    .slice(0, 4)
    .map((id) => (root.getElementById ? root.getElementById(id) : null))
    .map((el) => (el ? textOf(el) : ''))
    .join(' ');
}

function textOf(element: Element): string {
  const text = element.textContent ?? '';
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

/**
 * The text of the closest ancestor (up to four levels, across shadow boundaries) that has
 * some, when it is short: "Enter the code from your authenticator app" above a bare input.
 */
function contextText(input: HTMLInputElement): string {
  let node: Element | null = composedParent(input);
  for (let depth = 0; node && depth < 4; depth++, node = composedParent(node)) {
    const text = (node.textContent ?? '').trim();
    if (text.length > MAX_TEXT * 2) return '';
    if (text.length > 0) return text;
  }
  return '';
}
