/** A short status message at the bottom, announced politely, with an optional action (Undo). */
import { useEffect } from 'preact/hooks';

export type ToastMessage = { text: string; action?: { label: string; run: () => void }; id: number };

export function Toast({ toast, onDone }: { toast: ToastMessage | null; onDone: () => void }) {
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(onDone, toast.action ? 8000 : 4000);
    return () => clearTimeout(timer);
  }, [toast, onDone]);
  return (
    <div aria-live="polite" role="status">
      {toast && (
        <div class="toast">
          <span>{toast.text}</span>
          {toast.action && (
            <button
              type="button"
              onClick={() => {
                toast.action!.run();
                onDone();
              }}
            >
              {toast.action.label}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
