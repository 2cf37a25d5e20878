/**
 * One account in the list: names and site, the current code in groups with its ring, click
 * (or Enter) to copy, and a menu button for the rest. HOTP codes are shown on request,
 * because showing one uses it up.
 */
import type { AccountView, ListedCode } from '../../../shared/protocol/extension-messages';
import { formatCode, secondsLeft } from '../format-code';
import { CodeRing } from './code-ring';
import { accountLabel } from '../../messaging/account-label';

export type AccountRowProps = {
  account: AccountView;
  code: ListedCode | undefined;
  now: number;
  index: number;
  onCopy: (account: AccountView, code: string) => void;
  onNextHotp: (account: AccountView) => void;
  onMore: (account: AccountView) => void;
  onMove: (account: AccountView, delta: -1 | 1) => void;
};

export function AccountRow({ account, code, now, index, onCopy, onNextHotp, onMore, onMove }: AccountRowProps) {
  const label = accountLabel(account);
  const ready = code && 'code' in code ? code : null;
  const failed = code && 'error' in code ? code.error : null;
  const left = ready && account.type === 'totp' ? secondsLeft(ready.expiresAt, now) : null;
  const stale = left === 0;

  let codeButton;
  if (failed && account.type === 'totp') {
    codeButton = (
      <button type="button" class="code-button" data-row={index} disabled title={failed.message}>
        <span class="code error">{failed.code === 'corrupted_record' ? 'Damaged: cannot decrypt' : failed.message}</span>
      </button>
    );
  } else if (ready && !stale) {
    codeButton = (
      <button
        type="button"
        class="code-button"
        data-row={index}
        aria-label={`Copy code ${formatCode(ready.code)} for ${label}`}
        onClick={() => onCopy(account, ready.code)}
      >
        <span class="code" data-testid="code">
          {formatCode(ready.code)}
        </span>
        {left !== null && <CodeRing secondsLeft={left} period={account.period} />}
      </button>
    );
  } else if (account.type === 'hotp') {
    codeButton = (
      <button type="button" class="code-button" data-row={index} onClick={() => onNextHotp(account)} aria-label={`Show code for ${label}`}>
        <span class="muted">Show code</span>
      </button>
    );
  } else {
    codeButton = (
      <button type="button" class="code-button" data-row={index} disabled aria-label={`Code for ${label} loading`}>
        <span class="code muted">··· ···</span>
      </button>
    );
  }

  return (
    <div
      class={`account-row${account.previous ? ' previous' : ''}`}
      data-account-id={account.id}
      onKeyDown={(e) => {
        if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
          e.preventDefault();
          onMove(account, e.key === 'ArrowUp' ? -1 : 1);
        }
      }}
    >
      <div class="account-names">
        <div class="issuer">
          {account.pinned && <span aria-label="Pinned">📌 </span>}
          {account.issuer || account.account}
        </div>
        {account.issuer && <div class="account">{account.account}</div>}
        <div class="site">{account.site ?? 'not bound to a site'}</div>
      </div>
      {codeButton}
      <button type="button" class="more-button" aria-label={`More actions for ${label}`} onClick={() => onMore(account)}>
        ⋯
      </button>
    </div>
  );
}
