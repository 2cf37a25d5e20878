/**
 * The popup's card for an import waiting for the user: a scanned Google Authenticator export
 * ("Import 5 accounts from Google Authenticator?"). Accepting adds them, unbound; the scan
 * that found them then finishes with the accounts it added.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ImportPreviewView } from '../../../shared/protocol/backup';
import { sendMessage } from '../../messaging';
import { errorText } from '../error-text';

/** While the popup is open it looks for new waiting imports this often (a scan may be adding one). */
const POLL_MS = 1000;

export function PendingImports({ onChanged }: { onChanged: () => void }) {
  const [pending, setPending] = useState<ImportPreviewView[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stopped = false;
    const look = () =>
      sendMessage('backup.pending').then(
        (list) => !stopped && setPending(list.filter((p) => p.source === 'scan')),
        () => undefined,
      );
    void look();
    const timer = setInterval(look, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const first = pending[0];
  if (!first) return null;

  async function decide(accept: boolean) {
    if (!first) return;
    setBusy(true);
    setProblem(null);
    try {
      if (accept) await sendMessage('backup.commit', { id: first.id });
      else await sendMessage('backup.discard', { id: first.id });
      setPending(pending.slice(1));
      onChanged();
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="pending-import" role="region" aria-label="Import waiting" data-testid="pending-import">
      <strong>
        Import {first.toAdd.length} account{first.toAdd.length === 1 ? '' : 's'} from this {first.formatName}?
      </strong>
      <ul>
        {first.toAdd.map((e) => (
          <li key={e.where}>{e.issuer ? `${e.issuer} (${e.account})` : e.account}</li>
        ))}
      </ul>
      {first.duplicates.length > 0 && <span class="muted">{first.duplicates.length} already in your vault.</span>}
      {first.invalid.length > 0 && (
        <span class="error">
          {first.invalid.length} cannot be imported: {first.invalid.map((p) => `${p.label}: ${p.message}`).join(' ')}
        </span>
      )}
      <span class="muted">They will fill codes nowhere until each is scanned on its site or given one in the options.</span>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <div class="row">
        <button type="button" class="primary" disabled={busy || first.toAdd.length === 0} onClick={() => void decide(true)}>
          Import
        </button>
        <button type="button" disabled={busy} onClick={() => void decide(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}
