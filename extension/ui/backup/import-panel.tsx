/**
 * Import from a file or pasted text, in any supported format: read, preview (nothing saved),
 * then the user's Import. Encrypted files ask for their password.
 */
import { useRef, useState } from 'preact/hooks';
import { base64Encode } from '@bufbuild/protobuf/wire';
import type { ImportCommitResult, ImportPreviewView } from '../../../shared/protocol/backup';
import { MAX_IMPORT_BYTES } from '../../../shared/protocol/backup';
import { sendMessage } from '../../messaging';
import { errorCode, errorText } from '../error-text';
import { ImportPreview } from './import-preview';

export function ImportPanel({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [password, setPassword] = useState('');
  const [needsPassword, setNeedsPassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [preview, setPreview] = useState<ImportPreviewView | null>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  async function read() {
    setMessage(null);
    if (!file && pasted.trim() === '') {
      setMessage({ text: 'Choose a file or paste what to import.', error: true });
      return;
    }
    if (file && file.size > MAX_IMPORT_BYTES) {
      setMessage({ text: `This file is ${(file.size / 1024 / 1024).toFixed(1)} MB; backups are far smaller (at most 10 MB is read). Check that you chose the right file.`, error: true });
      return;
    }
    setBusy(true);
    try {
      const input = file ? { base64: base64Encode(new Uint8Array(await file.arrayBuffer())) } : { text: pasted };
      setPreview(await sendMessage('backup.preview', password === '' ? input : { ...input, password }));
      setNeedsPassword(false);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'password_required' || code === 'wrong_password') {
        setNeedsPassword(true);
        requestAnimationFrame(() => passwordInput.current?.focus());
      }
      setMessage({ text: errorText(error), error: true });
    } finally {
      setBusy(false);
    }
  }

  function done(result: ImportCommitResult | null) {
    setPreview(null);
    setPassword('');
    if (result === null) {
      setMessage({ text: 'Import cancelled; nothing was added.', error: false });
      return;
    }
    const unbound = result.added.filter((a) => a.site === null).length;
    const parts = [`Added ${result.added.length} account${result.added.length === 1 ? '' : 's'}.`];
    if (result.duplicates > 0) parts.push(`${result.duplicates} were already in the vault.`);
    if (unbound > 0) parts.push(`${unbound} have no site yet, so they fill nowhere: scan their QR code on their site, or use them from the popup.`);
    if (result.settingsRestored) parts.push('Settings restored.');
    setMessage({ text: parts.join(' '), error: false });
    setFile(null);
    setPasted('');
    onImported();
  }

  if (preview) return <ImportPreview preview={preview} onDone={done} />;

  return (
    <form
      class="panel"
      onSubmit={(e) => {
        e.preventDefault();
        void read();
      }}
    >
      <p class="muted" style={{ margin: 0 }}>
        From a backup of this extension, Aegis (.json), 2FAS (.2fas), the Authenticator extension (.json), Bitwarden (.json, .csv), Proton Authenticator (.json),
        andOTP (plain .json), Ente Auth (plain text), or a list of otpauth:// or otpauth-migration:// links.
        Nothing is saved until you have seen what will be added.
      </p>
      <label>
        Backup file
        <input type="file" name="import-file" accept=".json,.2fas,.txt,.csv,application/json,text/plain,text/csv" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
      </label>
      <label>
        Or paste links or a backup
        <textarea name="import-text" spellcheck={false} value={pasted} disabled={file !== null} onInput={(e) => setPasted(e.currentTarget.value)} />
      </label>
      <label>
        Password {needsPassword ? '' : '(encrypted files only)'}
        <input
          ref={passwordInput}
          type="password"
          name="import-password"
          autoComplete="off"
          required={needsPassword}
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
      </label>
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>
          Preview import
        </button>
      </div>
      <p class={message?.error ? 'error' : 'saved'} role={message?.error ? 'alert' : 'status'} data-testid="import-message">
        {message?.text ?? ''}
      </p>
    </form>
  );
}
