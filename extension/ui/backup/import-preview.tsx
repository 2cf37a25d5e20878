/**
 * What an import will do, before it does it: the accounts to add (each can be left out, and
 * given the site it belongs to, suggested from its issuer), those already in the vault, and
 * those that cannot be imported, with why. "Import" commits the chosen ones in one step.
 */
import { useState } from 'preact/hooks';
import type { ImportCommitResult, ImportEntryView, ImportPreviewView } from '../../../shared/protocol/backup';
import { sendMessage } from '../../messaging';
import { errorText } from '../error-text';

function nameOf(entry: { issuer: string; account: string }): string {
  return entry.issuer ? `${entry.issuer} (${entry.account})` : entry.account;
}

function detailsOf(entry: ImportEntryView): string {
  const kind = entry.type === 'totp' ? `${entry.period} s` : 'counter';
  return `${entry.digits} digits, ${kind}, ${entry.algorithm}${entry.previous ? ', previous token' : ''}${entry.pinned ? ', pinned' : ''}`;
}

export function ImportPreview({ preview, onDone }: { preview: ImportPreviewView; onDone: (result: ImportCommitResult | null) => void }) {
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(preview.toAdd.map((e) => e.where)));
  const [sites, setSites] = useState<Record<string, string>>({});
  const [restoreSettings, setRestoreSettings] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const toggle = (where: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(where);
    else next.delete(where);
    setChosen(next);
  };

  async function commit() {
    setBusy(true);
    setProblem(null);
    try {
      const typed = Object.fromEntries(Object.entries(sites).filter(([where, site]) => chosen.has(where) && site.trim() !== ''));
      onDone(await sendMessage('backup.commit', { id: preview.id, include: [...chosen], sites: typed, restoreSettings }));
    } catch (error) {
      setProblem(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  async function cancel() {
    await sendMessage('backup.discard', { id: preview.id }).catch(() => undefined);
    onDone(null);
  }

  return (
    <div class="panel" data-testid="import-preview">
      <p>
        <strong>{preview.formatName}</strong>: {preview.toAdd.length} to add, {preview.duplicates.length} exact duplicates, {preview.invalid.length} cannot be
        imported. Nothing is saved until you choose Import.
      </p>
      {preview.notes.map((note) => (
        <p class="notice" key={note}>
          {note}
        </p>
      ))}
      {preview.toAdd.length > 0 && (
        <>
          <h3>To add</h3>
          <p class="muted" style={{ margin: 0 }}>
            An imported account fills codes nowhere until you give it its site: type the site it belongs to, or leave it empty and it stays available from the popup
            only.
          </p>
          <table data-testid="import-to-add">
            <thead>
              <tr>
                <th scope="col">Import</th>
                <th scope="col">Account</th>
                <th scope="col">Site</th>
              </tr>
            </thead>
            <tbody>
              {preview.toAdd.map((entry) => (
                <tr key={entry.where}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Import ${nameOf(entry)}`}
                      checked={chosen.has(entry.where)}
                      onChange={(e) => toggle(entry.where, e.currentTarget.checked)}
                    />
                  </td>
                  <td>
                    {nameOf(entry)}
                    <br />
                    <span class="muted">{detailsOf(entry)}</span>
                    {entry.sharesSecretWith !== null && (
                      <>
                        <br />
                        <span class="muted">Same secret as {entry.sharesSecretWith}, but another account: both are kept.</span>
                      </>
                    )}
                  </td>
                  <td>
                    {entry.site !== null ? (
                      <span>{entry.site}</span>
                    ) : (
                      <>
                        <input
                          type="text"
                          aria-label={`Site for ${nameOf(entry)}`}
                          placeholder="none (example.com)"
                          value={sites[entry.where] ?? ''}
                          onInput={(e) => setSites({ ...sites, [entry.where]: e.currentTarget.value })}
                        />
                        {entry.suggestedSite && (sites[entry.where] ?? '') === '' && (
                          <button type="button" class="link" onClick={() => setSites({ ...sites, [entry.where]: entry.suggestedSite! })}>
                            Use {entry.suggestedSite}
                          </button>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {preview.duplicates.length > 0 && (
        <>
          <h3>Exact duplicates (left out)</h3>
          <ul class="plain" data-testid="import-duplicates">
            {preview.duplicates.map((d) => (
              <li key={d.where}>
                {nameOf(d)}{' '}
                <span class="muted">
                  ({d.duplicateOf.kind === 'vault' ? 'exact duplicate of an account you have' : `exact duplicate of ${d.duplicateOf.where}`}
                  {d.advancesCounter ? '; its newer counter is kept' : ''})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {preview.invalid.length > 0 && (
        <>
          <h3>Cannot be imported</h3>
          <ul class="plain" data-testid="import-invalid">
            {preview.invalid.map((p) => (
              <li key={p.where}>
                <strong>
                  {p.where} ({p.label})
                </strong>
                : {p.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {preview.hasSettings && (
        <label class="check">
          <input type="checkbox" checked={restoreSettings} onChange={(e) => setRestoreSettings(e.currentTarget.checked)} />
          <span>Also restore the settings saved in this backup</span>
        </label>
      )}
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <div class="row">
        <button type="button" class="primary" disabled={busy || (chosen.size === 0 && !restoreSettings)} onClick={() => void commit()}>
          Import {chosen.size} account{chosen.size === 1 ? '' : 's'}
        </button>
        <button type="button" disabled={busy} onClick={() => void cancel()}>
          Cancel
        </button>
      </div>
    </div>
  );
}
