/** Chrome's offscreen document: clears copied codes from the clipboard (wiring only). */
import { listenForOffscreenMessages, sendMessage } from '../../messaging';
import { clearClipboardLater } from '../../offscreen/clear-clipboard-later';

listenForOffscreenMessages(async (name, data) => {
  if (name !== 'offscreen.clearClipboardLater') return;
  const { text, delayMs } = data as { text: string; delayMs: number };
  clearClipboardLater(text, delayMs, () => void sendMessage('clipboard.done').catch(() => undefined));
});
