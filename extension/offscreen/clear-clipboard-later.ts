/**
 * Clipboard clearing in a document (Chrome's offscreen document, Firefox's background page):
 * after the delay, read the clipboard and empty it only if it still holds the copied code,
 * so whatever the user copied since is left alone. A newer copy supersedes an older one.
 */

let pending: { text: string; timer: ReturnType<typeof setTimeout> } | null = null;

/** Schedules the check; `done` runs once the check happened (cleared or not). */
export function clearClipboardLater(text: string, delayMs: number, done?: () => void): void {
  if (pending) clearTimeout(pending.timer);
  const timer = setTimeout(() => {
    if (pending?.timer === timer) pending = null;
    void clearIfUnchanged(text).finally(() => {
      if (!pending) done?.();
    });
  }, delayMs);
  pending = { text, timer };
}

/** Empties the clipboard if it still holds `text` (needs a document: an offscreen or background page). */
export async function clearIfUnchanged(text: string): Promise<void> {
  if ((await readClipboard()) === text) writeEmptyClipboard();
}

async function readClipboard(): Promise<string | null> {
  try {
    if (document.hasFocus() && navigator.clipboard?.readText) return await navigator.clipboard.readText();
  } catch {
    // Not focused or not allowed here: fall through to the paste command.
  }
  const area = document.createElement('textarea');
  document.body.append(area);
  try {
    area.focus();
    // Needs the clipboardRead permission; returns false where pasting is not allowed.
    return document.execCommand('paste') ? area.value : null;
  } finally {
    area.remove();
  }
}

function writeEmptyClipboard(): void {
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', '');
    event.preventDefault();
  };
  document.addEventListener('copy', onCopy, { once: true });
  try {
    document.execCommand('copy');
  } finally {
    document.removeEventListener('copy', onCopy);
  }
}
