/**
 * The last resort when no QR code was found: the user drags a rectangle around it. A dimmed
 * overlay over the viewport; only trusted pointer and key events count; Esc cancels.
 */
import type { Rect } from '../../../shared/geometry/rect';

/** The smallest selection, in CSS pixels, taken as meant (a click is not a selection). */
const MIN_SIDE = 12;

/**
 * Covers the viewport with the selection overlay and calls `done` once: with the dragged
 * rectangle (viewport CSS pixels), or `null` when the user cancels.
 */
export function selectArea(layer: HTMLElement, hint: string, done: (rect: Rect | null) => void): void {
  layer.querySelector('.select')?.remove();
  const doc = layer.ownerDocument;
  const overlay = doc.createElement('div');
  overlay.className = 'select';
  overlay.tabIndex = -1;
  overlay.setAttribute('role', 'dialog');
  overlay.setAttribute('aria-label', hint);
  const label = doc.createElement('div');
  label.className = 'card hint';
  label.textContent = hint;
  const box = doc.createElement('div');
  box.className = 'box';
  box.hidden = true;
  overlay.append(label, box);

  let start: { x: number; y: number } | null = null;
  let rect: Rect | null = null;
  let finished = false;
  const finish = (result: Rect | null) => {
    if (finished) return;
    finished = true;
    overlay.remove();
    doc.defaultView?.removeEventListener('keydown', onKey, true);
    done(result);
  };
  const onKey = (event: KeyboardEvent) => {
    if (!event.isTrusted || event.key !== 'Escape') return;
    event.stopPropagation();
    event.preventDefault();
    finish(null);
  };
  overlay.addEventListener('pointerdown', (event) => {
    if (!event.isTrusted || event.button !== 0) return;
    event.preventDefault();
    overlay.setPointerCapture(event.pointerId);
    start = { x: event.clientX, y: event.clientY };
    rect = { ...start, width: 0, height: 0 };
    label.hidden = true;
    draw(box, rect);
  });
  overlay.addEventListener('pointermove', (event) => {
    if (!event.isTrusted || !start) return;
    rect = {
      x: Math.min(start.x, event.clientX),
      y: Math.min(start.y, event.clientY),
      width: Math.abs(event.clientX - start.x),
      height: Math.abs(event.clientY - start.y),
    };
    draw(box, rect);
  });
  overlay.addEventListener('pointerup', (event) => {
    if (!event.isTrusted || !start) return;
    start = null;
    if (rect && rect.width >= MIN_SIDE && rect.height >= MIN_SIDE) finish(rect);
    else {
      box.hidden = true;
      label.hidden = false;
    }
  });
  doc.defaultView?.addEventListener('keydown', onKey, true);
  layer.append(overlay);
  overlay.focus({ preventScroll: true });
}

function draw(box: HTMLElement, rect: Rect): void {
  box.hidden = false;
  box.style.left = `${rect.x}px`;
  box.style.top = `${rect.y}px`;
  box.style.width = `${rect.width}px`;
  box.style.height = `${rect.height}px`;
}
