/**
 * "Scan from an image file" and pasting an image into the popup: for a QR code someone saved
 * as a screenshot. The background decodes it like a page capture and binds the account to the
 * page the popup acts on (when that is a web page). A QR that names a well-known service on
 * another site is saved only after "Save anyway".
 */
import { useEffect, useRef } from 'preact/hooks';
import type { ScanResult } from '../../../shared/protocol/automation';
import { sendMessage } from '../../messaging';
import { errorCode, errorText } from '../error-text';
import type { TargetTab } from '../target-tab';
import type { ToastMessage } from './toast';

type Props = {
  tab: TargetTab | null;
  onScanned: (result: ScanResult) => void;
  onError: (error: unknown) => void;
  say: (text: string, action?: ToastMessage['action']) => void;
};

/** What the popup says after a scan: the background's own words when it has them. */
export function scanResultText(result: ScanResult): string {
  if (result.message) {
    const said = result.message.replace(/\.$/, '');
    return result.filled ? `${said}, and filled the code.` : `${said}.`;
  }
  return result.added.length === 0 ? 'No new account on this page.' : `Added ${result.added.length} account${result.added.length === 1 ? '' : 's'}.`;
}

export function ScanImage({ tab, onScanned, onError, say }: Props) {
  const input = useRef<HTMLInputElement>(null);

  const scan = async (image: Blob, acceptIssuer = false) => {
    try {
      const dataUrl = await readAsDataUrl(image);
      onScanned(await sendMessage('scan.image', { dataUrl, tabId: tab?.id, acceptIssuer }));
    } catch (error) {
      if (errorCode(error) === 'issuer_mismatch') say(errorText(error), { label: 'Save anyway', run: () => void scan(image, true) });
      else onError(error);
    }
  };

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const image = [...(event.clipboardData?.files ?? [])].find((file) => file.type.startsWith('image/'));
      if (!image) return;
      event.preventDefault();
      void scan(image);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  });

  return (
    <>
      <button type="button" onClick={() => input.current?.click()} title="Or paste an image of a QR code (Ctrl+V)">
        Scan from an image file
      </button>
      <input
        ref={input}
        type="file"
        accept="image/*"
        class="visually-hidden"
        aria-label="Image of a QR code"
        tabIndex={-1}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) void scan(file);
        }}
      />
    </>
  );
}

function readAsDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The image could not be read.'));
    reader.readAsDataURL(blob);
  });
}
