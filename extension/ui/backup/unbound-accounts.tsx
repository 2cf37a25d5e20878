/**
 * Imported accounts that have no site yet: they fill nowhere until the user gives each the
 * site it belongs to (a suggestion from the issuer is one click away).
 */
import { useEffect, useState } from 'preact/hooks';
import type { AccountView } from '../../../shared/protocol/extension-messages';
import { suggestSite } from '../../../shared/site/suggest-site';
import { sendMessage } from '../../messaging';
import { errorText } from '../error-text';

export function UnboundAccounts({ version }: { version: number }) {
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [sites, setSites] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const load = () =>
    void sendMessage('vault.list').then(
      (list) => setAccounts(list.accounts.filter((a) => a.site === null && !a.previous)),
      () => setAccounts([]), // Locked: the popup unlocks; nothing to show here.
    );
  useEffect(load, [version]);

  if (accounts.length === 0) return null;

  async function save(account: AccountView) {
    setMessage(null);
    try {
      const bound = await sendMessage('backup.assignSite', { id: account.id, site: sites[account.id] ?? '' });
      setMessage({ text: `${account.issuer || account.account} now fills on ${bound.site}.`, error: false });
      load();
    } catch (error) {
      setMessage({ text: errorText(error), error: true });
    }
  }

  return (
    <div class="panel" data-testid="unbound-accounts">
      <h3>Accounts without a site</h3>
      <p class="muted" style={{ margin: 0 }}>
        These were imported and fill codes nowhere until you say which site each belongs to. Scanning an account's QR code on its site also sets it.
      </p>
      <table>
        <tbody>
          {accounts.map((account) => {
            const name = account.issuer ? `${account.issuer} (${account.account})` : account.account;
            const suggestion = suggestSite(account.issuer);
            const typed = sites[account.id] ?? '';
            return (
              <tr key={account.id}>
                <td>{name}</td>
                <td>
                  <input type="text" aria-label={`Site for ${name}`} placeholder="example.com" value={typed} onInput={(e) => setSites({ ...sites, [account.id]: e.currentTarget.value })} />
                  {suggestion && typed === '' && (
                    <button type="button" class="link" onClick={() => setSites({ ...sites, [account.id]: suggestion })}>
                      Use {suggestion}
                    </button>
                  )}
                </td>
                <td>
                  <button type="button" disabled={typed.trim() === ''} onClick={() => void save(account)}>
                    Save
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p class={message?.error ? 'error' : 'saved'} role={message?.error ? 'alert' : 'status'}>
        {message?.text ?? ''}
      </p>
    </div>
  );
}
