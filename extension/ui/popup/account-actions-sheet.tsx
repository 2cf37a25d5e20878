/** Everything else one account offers: rename, pin, move, delete (with undo afterwards). */
import { useState } from 'preact/hooks';
import type { AccountView } from '../../../shared/protocol/extension-messages';
import { errorText } from '../error-text';
import { Sheet } from '../sheet';

export type AccountActions = {
  rename: (issuer: string, account: string) => Promise<void>;
  pin: (pinned: boolean) => Promise<void>;
  move: (delta: -1 | 1) => Promise<void>;
  remove: () => Promise<void>;
};

export function AccountActionsSheet({
  account,
  canMove,
  actions,
  onClose,
}: {
  account: AccountView;
  canMove: { up: boolean; down: boolean };
  actions: AccountActions;
  onClose: () => void;
}) {
  const [issuer, setIssuer] = useState(account.issuer);
  const [name, setName] = useState(account.account);
  const [error, setError] = useState<string | null>(null);

  const run = (action: () => Promise<void>, close = true) => async () => {
    setError(null);
    try {
      await action();
      if (close) onClose();
    } catch (caught) {
      setError(errorText(caught));
    }
  };

  return (
    <Sheet title={account.issuer || account.account} onClose={onClose}>
      <p class="muted" style={{ margin: 0 }}>
        {account.site ? `Bound to ${account.origin}` : 'Not bound to a site'}
        {account.previous ? ' · previous token (replaced by a newer one)' : ''}
      </p>
      <form
        style={{ display: 'grid', gap: '8px' }}
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => actions.rename(issuer, name))();
        }}
      >
        <label>
          Issuer
          <input name="issuer" value={issuer} onInput={(e) => setIssuer(e.currentTarget.value)} />
        </label>
        <label>
          Account name
          <input name="account" required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <div class="row">
          <button type="submit" class="primary">
            Rename
          </button>
        </div>
      </form>
      <div class="row">
        <button type="button" onClick={run(() => actions.pin(!account.pinned))}>
          {account.pinned ? 'Unpin' : 'Pin to top'}
        </button>
        <button type="button" disabled={!canMove.up} onClick={run(() => actions.move(-1), false)} title="Alt+↑ in the list">
          Move up
        </button>
        <button type="button" disabled={!canMove.down} onClick={run(() => actions.move(1), false)} title="Alt+↓ in the list">
          Move down
        </button>
        <button type="button" class="danger" onClick={run(actions.remove)}>
          Delete
        </button>
      </div>
      {error && (
        <p class="error" role="alert" style={{ margin: 0 }}>
          {error}
        </p>
      )}
    </Sheet>
  );
}
