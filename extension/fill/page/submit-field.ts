/**
 * "Submit after filling" (a setting, off by default): submits the form that holds the code
 * field the way pressing Enter would, so the page's own submit handler runs.
 */
import { composedParent } from '../../in-page/dom-roots';
import type { CodeField } from './find-code-fields';

const SUBMIT_BUTTONS = 'button[type="submit"], input[type="submit"], button:not([type])';

/** Submits the field's form, or clicks the submit button near a form-less field. True when something was submitted. */
export function submitField(field: CodeField): boolean {
  const input = field.kind === 'single' ? field.input : field.inputs[field.inputs.length - 1]!;
  if (input.form) {
    input.form.requestSubmit();
    return true;
  }
  for (let node = composedParent(input), depth = 0; node && depth < 5; node = composedParent(node), depth++) {
    const button = node.querySelector<HTMLElement>(SUBMIT_BUTTONS);
    if (button) {
      button.click();
      return true;
    }
  }
  return false;
}
