/**
 * Set, change or remove the passphrase. Each only re-wraps the vault key; without a
 * passphrase the page says plainly that the vault is not encrypted at rest.
 */
import { useState } from 'preact/hooks';
import type { VaultStatus } from '../../../shared/protocol/extension-messages';
import { sendMessage } from '../../messaging';
import { errorText } from '../error-text';

export function PassphraseSection({ status, onChanged }: { status: VaultStatus; onChanged: (status: VaultStatus) => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function change(nextPassphrase: string | null) {
    setMessage(null);
    if (nextPassphrase !== null && nextPassphrase !== repeat) {
      setMessage({ text: 'The two new passphrases differ. Type the same one twice.', error: true });
      return;
    }
    setBusy(true);
    try {
      const updated = await sendMessage('vault.setPassphrase', { current: status.hasPassphrase ? current : null, next: nextPassphrase });
      setCurrent('');
      setNext('');
      setRepeat('');
      setMessage({
        text: nextPassphrase === null ? 'Passphrase removed. The vault is no longer encrypted at rest.' : status.hasPassphrase ? 'Passphrase changed.' : 'Passphrase set. The vault is now encrypted at rest.',
        error: false,
      });
      onChanged(updated);
    } catch (error) {
      setMessage({ text: errorText(error), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section id="passphrase" aria-labelledby="passphrase-title">
      <h2 id="passphrase-title">Passphrase</h2>
      {status.hasPassphrase ? (
        <p>
          Your vault is encrypted with your passphrase. It locks after the idle time below and whenever the browser restarts. There is no way to recover a forgotten
          passphrase: keep a backup.
        </p>
      ) : (
        <p class="notice" data-testid="no-passphrase-notice">
          <strong>Not encrypted at rest.</strong> Without a passphrase the vault key is stored next to your accounts, so anyone who can read this browser profile's files
          (malware, someone with your computer or its backups) can read your secrets. Set a passphrase to encrypt the vault.
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void change(next);
        }}
      >
        {status.hasPassphrase && (
          <label>
            Current passphrase
            <input type="password" name="current" autoComplete="current-password" required value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
          </label>
        )}
        <label>
          {status.hasPassphrase ? 'New passphrase' : 'Passphrase'}
          <input type="password" name="next" autoComplete="new-password" required minLength={8} value={next} onInput={(e) => setNext(e.currentTarget.value)} />
        </label>
        <label>
          Repeat it
          <input type="password" name="repeat" autoComplete="new-password" required value={repeat} onInput={(e) => setRepeat(e.currentTarget.value)} />
        </label>
        <p class="muted" style={{ margin: 0 }}>
          At least 8 characters; a few unrelated words are strong and easy to remember.
        </p>
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>
            {status.hasPassphrase ? 'Change passphrase' : 'Set passphrase'}
          </button>
          {status.hasPassphrase && (
            <button type="button" class="danger" disabled={busy || current === ''} onClick={() => void change(null)}>
              Remove passphrase
            </button>
          )}
        </div>
        <p class={message?.error ? 'error' : 'saved'} role={message?.error ? 'alert' : 'status'}>
          {message?.text ?? ''}
        </p>
      </form>
    </section>
  );
}
