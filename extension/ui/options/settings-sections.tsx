/** Auto-lock time and the fill settings: each change is saved at once. */
import { useState } from 'preact/hooks';
import type { Settings } from '../../../shared/protocol/automation';
import { sendMessage } from '../../messaging';
import { errorText } from '../error-text';

const AUTO_LOCK_CHOICES: Array<[number, string]> = [
  [1, '1 minute'],
  [5, '5 minutes'],
  [15, '15 minutes'],
  [30, '30 minutes'],
  [60, '1 hour'],
  [240, '4 hours'],
  [0, 'Only when the browser restarts'],
];

function useSave(onSaved: (settings: Settings) => void) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const save = async (patch: Partial<Settings>) => {
    try {
      onSaved(await sendMessage('settings.update', patch));
      setMessage({ text: 'Saved.', error: false });
    } catch (error) {
      setMessage({ text: errorText(error), error: true });
    }
  };
  const line = (
    <p class={message?.error ? 'error' : 'saved'} role={message?.error ? 'alert' : 'status'}>
      {message?.text ?? ''}
    </p>
  );
  return { save, line };
}

export function AutoLockSection({ settings, hasPassphrase, onSaved }: { settings: Settings; hasPassphrase: boolean; onSaved: (s: Settings) => void }) {
  const { save, line } = useSave(onSaved);
  const choices = AUTO_LOCK_CHOICES.some(([m]) => m === settings.autoLockMinutes)
    ? AUTO_LOCK_CHOICES
    : [...AUTO_LOCK_CHOICES, [settings.autoLockMinutes, `${settings.autoLockMinutes} minutes`] as [number, string]];
  return (
    <section id="auto-lock" aria-labelledby="auto-lock-title">
      <h2 id="auto-lock-title">Auto-lock</h2>
      <label>
        Lock the vault after it has not been used for
        <select name="autoLockMinutes" value={String(settings.autoLockMinutes)} onChange={(e) => void save({ autoLockMinutes: Number(e.currentTarget.value) })}>
          {choices.map(([minutes, label]) => (
            <option value={String(minutes)} key={minutes}>
              {label}
            </option>
          ))}
        </select>
      </label>
      {!hasPassphrase && <p class="muted">Auto-lock needs a passphrase: without one there is nothing to lock with.</p>}
      {line}
    </section>
  );
}

export function FillSection({ settings, onSaved }: { settings: Settings; onSaved: (s: Settings) => void }) {
  const { save, line } = useSave(onSaved);
  const box = (key: 'autoFill' | 'submitAfterFill' | 'fillConfirmationAfterScan', label: string, hint: string) => (
    <label class="check">
      <input type="checkbox" name={key} checked={settings[key]} onChange={(e) => void save({ [key]: e.currentTarget.checked })} />
      <span>
        {label}
        <br />
        <span class="muted">{hint}</span>
      </span>
    </label>
  );
  return (
    <section id="fill" aria-labelledby="fill-title">
      <h2 id="fill-title">Filling codes</h2>
      {box('autoFill', 'Fill codes automatically on matching sites', 'Only on the exact site (origin) an account was set up on; elsewhere on the same domain a button offers the code.')}
      {box('submitAfterFill', 'Submit after filling', 'Sends the form once the code is in. Off by default, so you can check first.')}
      {box('fillConfirmationAfterScan', 'Fill the confirmation code after scanning', 'When you scan a QR code, the set-up form gets its first code.')}
      {line}
    </section>
  );
}
