/** A short message in the page's corner: "Added Acme (alice@example.com) for acme.example". */
import type { ToastTone } from '../../messaging/scan-page-protocol';

const TOAST_MS = 8000;

/** Shows `text` in `layer`, replacing any earlier toast; it goes away by itself. */
export function showToast(layer: HTMLElement, text: string, tone: ToastTone): void {
  layer.querySelector('.toast')?.remove();
  const doc = layer.ownerDocument;
  const toast = doc.createElement('div');
  toast.className = `card toast ${tone}`;
  toast.setAttribute('role', tone === 'error' ? 'alert' : 'status');
  const message = doc.createElement('div');
  message.textContent = text;
  const close = doc.createElement('button');
  close.className = 'close';
  close.type = 'button';
  close.setAttribute('aria-label', 'Dismiss');
  close.textContent = '×';
  close.addEventListener('click', (event) => {
    if (event.isTrusted) toast.remove();
  });
  toast.append(message, close);
  layer.append(toast);
  setTimeout(() => toast.remove(), TOAST_MS);
}
