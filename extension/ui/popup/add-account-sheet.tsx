/**
 * "Add manually": paste an otpauth:// URI, or type issuer, account and setup key. Both paths
 * end in the same strict parser (the background runs parseKeyUri), so its messages are what
 * the user sees. The account is bound to the current tab's site unless the user unticks it.
 */
import { useState } from 'preact/hooks';
// Direct imports keep otpauth (code generation) out of the popup bundle.
import { normalizeSecret } from '../../../shared/otp/base32-secret';
import { formatKeyUri } from '../../../shared/otp/format-key-uri';
import { DEFAULT_PERIOD, type OtpAlgorithm, type OtpType } from '../../../shared/otp/otp-params';
import type { AddAccountResult } from '../../../shared/protocol/extension-messages';
import { sendMessage } from '../../messaging';
import { errorText } from '../error-text';
import { Sheet } from '../sheet';
import type { TargetTab } from '../target-tab';

type Mode = 'key' | 'uri';

export function AddAccountSheet({ tab, onAdded, onClose }: { tab: TargetTab | null; onAdded: (result: AddAccountResult) => void; onClose: () => void }) {
  const [mode, setMode] = useState<Mode>('key');
  const [uri, setUri] = useState('');
  const [issuer, setIssuer] = useState('');
  const [account, setAccount] = useState('');
  const [secret, setSecret] = useState('');
  const [type, setType] = useState<OtpType>('totp');
  const [algorithm, setAlgorithm] = useState<OtpAlgorithm>('SHA1');
  const [digits, setDigits] = useState(6);
  const [period, setPeriod] = useState(DEFAULT_PERIOD);
  const [bind, setBind] = useState(Boolean(tab?.host));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const text =
        mode === 'uri'
          ? uri
          : formatKeyUri({ type, secret: normalizeSecret(secret), algorithm, digits, period, counter: 0, issuer: issuer.trim(), account: account.trim() });
      const result = await sendMessage('vault.add', { uri: text, pageUrl: bind && tab?.url ? tab.url : null });
      onAdded(result);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Sheet title="Add an account" onClose={onClose}>
      <div class="tabs" role="tablist" aria-label="How to add">
        <button type="button" role="tab" aria-selected={mode === 'key'} onClick={() => setMode('key')}>
          Setup key
        </button>
        <button type="button" role="tab" aria-selected={mode === 'uri'} onClick={() => setMode('uri')}>
          otpauth:// address
        </button>
      </div>
      <form onSubmit={submit} style={{ display: 'grid', gap: '8px' }} aria-describedby={error ? 'add-error' : undefined}>
        {mode === 'uri' ? (
          <label>
            Key URI (from "Can't scan it?" or a QR code)
            <textarea name="uri" required value={uri} onInput={(e) => setUri(e.currentTarget.value)} placeholder="otpauth://totp/Example:alice?secret=…" spellcheck={false} />
          </label>
        ) : (
          <>
            <label>
              Issuer (the service)
              <input name="issuer" value={issuer} onInput={(e) => setIssuer(e.currentTarget.value)} placeholder="Example" autoComplete="off" />
            </label>
            <label>
              Account name
              <input name="account" required value={account} onInput={(e) => setAccount(e.currentTarget.value)} placeholder="alice@example.com" autoComplete="off" />
            </label>
            <label>
              Setup key
              <input name="secret" required value={secret} onInput={(e) => setSecret(e.currentTarget.value)} placeholder="JBSW Y3DP EHPK 3PXP" autoComplete="off" spellcheck={false} />
            </label>
            <details>
              <summary>Advanced (only if the site says so)</summary>
              <div class="row" style={{ marginTop: '6px' }}>
                <label>
                  Type
                  <select name="type" value={type} onChange={(e) => setType(e.currentTarget.value as OtpType)}>
                    <option value="totp">Time-based</option>
                    <option value="hotp">Counter-based</option>
                  </select>
                </label>
                <label>
                  Algorithm
                  <select name="algorithm" value={algorithm} onChange={(e) => setAlgorithm(e.currentTarget.value as OtpAlgorithm)}>
                    <option>SHA1</option>
                    <option>SHA256</option>
                    <option>SHA512</option>
                  </select>
                </label>
                <label>
                  Digits
                  <input name="digits" type="number" min={6} max={10} value={digits} onInput={(e) => setDigits(Number(e.currentTarget.value))} />
                </label>
                <label>
                  Period (s)
                  <input name="period" type="number" min={1} max={3600} value={period} onInput={(e) => setPeriod(Number(e.currentTarget.value))} />
                </label>
              </div>
            </details>
          </>
        )}
        {tab?.host ? (
          <label class="check">
            <input type="checkbox" name="bind" checked={bind} onChange={(e) => setBind(e.currentTarget.checked)} />
            {`Use on ${tab.host} (the current tab's site)`}
          </label>
        ) : (
          <p class="muted" style={{ margin: 0 }}>
            The current tab is not a web page, so this account will not be bound to a site. Codes are then only filled from this popup.
          </p>
        )}
        {error && (
          <p class="error" id="add-error" role="alert" style={{ margin: 0 }}>
            {error}
          </p>
        )}
        <div class="row">
          <button type="submit" class="primary" disabled={busy}>
            Add account
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Sheet>
  );
}
