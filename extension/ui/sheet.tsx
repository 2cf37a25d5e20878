/**
 * A modal sheet (bottom drawer) for the popup's forms: labelled, focus moves in on open and
 * back to where it was on close, Escape closes it.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function Sheet({ title, onClose, children }: { title: string; onClose: () => void; children: ComponentChildren }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, textarea, select, button:not(.sheet-close)');
    first?.focus();
    return () => opener?.focus?.();
  }, []);
  const id = `sheet-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div
      class="overlay"
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div class="sheet" role="dialog" aria-modal="true" aria-labelledby={id} ref={ref}>
        <div class="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
          <h2 id={id}>{title}</h2>
          <button type="button" class="sheet-close" aria-label="Close" onClick={onClose}>
            ✕
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}
