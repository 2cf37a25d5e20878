/**
 * The scan's question to the user, in the page: which of several codes to add, or whether to
 * save a code whose issuer does not match the site. Keyboard first (focus starts on the first
 * action; Esc cancels) and acts on trusted events only, and (but for Cancel) only once it has
 * been on screen, visible, for a moment (in-page/activation-guard.ts: no clickjacking).
 */
import { guardActivation } from '../../in-page/activation-guard';
import type { PromptSpec, ScanAnswer } from '../../messaging/scan-page-protocol';
import { REHOSTED_EVENT } from './ui-host';

/** Shows `spec` in `layer` and calls `answer` once, with the user's choice. */
export function showPrompt(layer: HTMLElement, spec: PromptSpec, answer: (choice: ScanAnswer) => void): void {
  layer.querySelector('.dialog')?.remove();
  const doc = layer.ownerDocument;
  const dialog = doc.createElement('div');
  dialog.className = 'card dialog';
  dialog.setAttribute('role', 'alertdialog');
  dialog.setAttribute('aria-modal', 'false');
  const title = doc.createElement('h2');
  title.id = 'pfa-scan-title';
  title.textContent = spec.title;
  const message = doc.createElement('p');
  message.id = 'pfa-scan-message';
  message.textContent = spec.message;
  dialog.setAttribute('aria-labelledby', title.id);
  dialog.setAttribute('aria-describedby', message.id);
  const actions = doc.createElement('div');
  actions.className = 'actions';
  let answered = false;
  let guard: ReturnType<typeof guardActivation> | null = null;
  // The page tampered with our host and the layer moved into a fresh one: shown just now.
  const rehosted = () => guard?.moved();
  const finish = (choice: ScanAnswer) => {
    if (answered) return;
    answered = true;
    guard?.disconnect();
    layer.removeEventListener(REHOSTED_EVENT, rehosted);
    dialog.remove();
    answer(choice);
  };
  const all = [...spec.actions, { label: 'Cancel', answer: { kind: 'cancel' } as ScanAnswer }];
  all.forEach((action, index) => {
    const button = doc.createElement('button');
    button.type = 'button';
    button.textContent = action.label;
    if (index === 0 && all.length === 2) button.className = 'primary';
    button.addEventListener('click', (event) => {
      // Cancel is always safe; a choice counts only once the dialog was there, visibly, to be read.
      if (event.isTrusted && (action.answer.kind === 'cancel' || guard?.allows() === true)) finish(action.answer);
    });
    actions.append(button);
  });
  dialog.addEventListener('keydown', (event) => {
    if (!event.isTrusted) return;
    if (event.key === 'Escape') {
      event.stopPropagation();
      finish({ kind: 'cancel' });
    }
  });
  dialog.append(title, message, actions);
  layer.append(dialog);
  // Measured once it is on screen: the guard compares later boxes with this one.
  guard = guardActivation(dialog);
  layer.addEventListener(REHOSTED_EVENT, rehosted);
  (actions.firstElementChild as HTMLButtonElement | null)?.focus({ preventScroll: true });
}
