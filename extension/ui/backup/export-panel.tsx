/**
 * Exports: the encrypted backup (password twice), and behind an explicit "not encrypted"
 * acknowledgement, the plain backup, the otpauth:// list and Google Authenticator QR codes.
 */
import { useState } from 'preact/hooks';
import type { ExportKind, ExportResult } from '../../../shared/protocol/backup';
import { sendMessage } from '../../messaging';
import { errorText } from '../error-text';
import { MigrationCodes } from './migration-codes';
import { saveFile } from './save-file';

export function ExportPanel({ onBackedUp }: { onBackedUp: () => void }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [leftOut, setLeftOut] = useState<ExportResult['leftOut']>([]);
  const [codes, setCodes] = useState<string[] | null>(null);

  async function run(kind: ExportKind) {
    setMessage(null);
    setLeftOut([]);
    if (kind === 'encrypted' && password !== repeat) {
      setMessage({ text: 'The two passwords differ. Type the same one twice.', error: true });
      return;
    }
    setBusy(true);
    try {
      const result = await sendMessage('backup.export', kind === 'encrypted' ? { kind, password } : { kind, confirmUnencrypted: understood });
      if (result.file) saveFile(result.file.name, result.file.mimeType, result.file.text);
      if (kind === 'migration') setCodes(result.uris);
      if (kind === 'encrypted') {
        setPassword('');
        setRepeat('');
      }
      if (kind === 'encrypted' || kind === 'plain') onBackedUp();
      setLeftOut(result.leftOut);
      const what = kind === 'migration' ? `${result.uris.length} QR code${result.uris.length === 1 ? '' : 's'}` : result.file?.name;
      setMessage({ text: `Exported ${result.accountCount} account${result.accountCount === 1 ? '' : 's'}: ${what}.`, error: false });
    } catch (error) {
      setMessage({ text: errorText(error), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="panel">
      <h3>Make a backup</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run('encrypted');
        }}
      >
        <p class="muted" style={{ margin: 0 }}>
          Everything in the vault (accounts, previous tokens, order, sites and settings) in one file, encrypted with a password you choose here. Without the password
          the file cannot be opened, by anyone.
        </p>
        <label>
          Backup password
          <input type="password" name="backup-password" autoComplete="new-password" required minLength={8} value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <label>
          Repeat it
          <input type="password" name="backup-repeat" autoComplete="new-password" required value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
        </label>
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>
            Download encrypted backup
          </button>
        </div>
      </form>

      <h3>Unencrypted exports</h3>
      <div class="danger-zone">
        <p class="notice" style={{ margin: 0 }}>
          <strong>Not encrypted.</strong> Anyone who gets these files or sees these QR codes can generate your codes. Use them only to move to another app, then delete
          them.
        </p>
        <label class="check">
          <input type="checkbox" name="understood" checked={understood} onChange={(e) => setUnderstood(e.currentTarget.checked)} />
          <span>I understand that these exports are not encrypted.</span>
        </label>
        <div class="row">
          <button type="button" disabled={busy || !understood} onClick={() => void run('plain')}>
            Download plain backup
          </button>
          <button type="button" disabled={busy || !understood} onClick={() => void run('uris')}>
            Download otpauth:// list
          </button>
          <button type="button" disabled={busy || !understood} onClick={() => void run('migration')}>
            Show Google Authenticator QR codes
          </button>
        </div>
      </div>

      <p class={message?.error ? 'error' : 'saved'} role={message?.error ? 'alert' : 'status'}>
        {message?.text ?? ''}
      </p>
      {leftOut.length > 0 && (
        <div class="notice" data-testid="export-left-out">
          <strong>Left out of this export:</strong>
          <ul class="plain">
            {leftOut.map((item) => (
              <li key={item.label}>
                {item.label}: {item.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {codes && <MigrationCodes uris={codes} onClose={() => setCodes(null)} />}
    </div>
  );
}
