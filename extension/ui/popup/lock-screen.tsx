/** The locked vault: one passphrase field. A wrong passphrase says so and changes nothing. */
import { useState } from 'preact/hooks';
import { sendMessage } from '../../messaging';
import { errorText } from '../error-text';

export function LockScreen({ onUnlocked }: { onUnlocked: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="lock-screen"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await sendMessage('vault.unlock', { passphrase });
          setPassphrase('');
          onUnlocked();
        } catch (caught) {
          setError(errorText(caught));
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2>The vault is locked</h2>
      <label>
        Passphrase
        <input type="password" name="passphrase" autoFocus autoComplete="current-password" value={passphrase} onInput={(e) => setPassphrase(e.currentTarget.value)} />
      </label>
      {error && (
        <p class="error" role="alert" style={{ margin: 0 }}>
          {error}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy || passphrase === ''}>
        {busy ? 'Unlocking…' : 'Unlock'}
      </button>
    </form>
  );
}
