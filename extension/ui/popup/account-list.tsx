/**
 * The accounts, filtered by the search: the current tokens, then "Previous tokens" (replaced
 * ones, kept until deleted), then "Recently deleted" with restore. Virtualised; codes are
 * fetched for the visible rows only. Arrow keys move between rows, Alt+arrows reorder.
 */
import { useCallback, useMemo, useState } from 'preact/hooks';
import type { AccountList as Accounts, AccountView } from '../../../shared/protocol/extension-messages';
import { accountLabel } from '../../messaging/account-label';
import { AccountRow } from './account-row';
import { useCodes } from './use-codes';
import { VirtualList } from './virtual-list';

type Item =
  | { kind: 'header'; key: string; label: string }
  | { kind: 'account'; key: string; account: AccountView }
  | { kind: 'deleted'; key: string; account: AccountView };

const HEIGHTS = { header: 30, account: 64, deleted: 48 } as const;
const heightOf = (item: Item) => HEIGHTS[item.kind];
const keyOf = (item: Item) => item.key;

export type AccountListProps = {
  accounts: Accounts;
  query: string;
  onCopy: (account: AccountView, code: string) => void;
  onNextHotp: (account: AccountView) => void;
  onMore: (account: AccountView) => void;
  onMove: (account: AccountView, delta: -1 | 1) => void;
  onRestore: (account: AccountView) => void;
  onError: (error: unknown) => void;
  /** Codes revealed on request (HOTP), by account id. */
  revealed: ReadonlyMap<string, string>;
};

export function matches(account: AccountView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return [account.issuer, account.account, account.site ?? ''].some((field) => field.toLowerCase().includes(q));
}

export function AccountList({ accounts, query, onCopy, onNextHotp, onMore, onMove, onRestore, onError, revealed }: AccountListProps) {
  const items = useMemo(() => {
    const out: Item[] = [];
    const current = accounts.accounts.filter((a) => !a.previous && matches(a, query));
    const previous = accounts.accounts.filter((a) => a.previous && matches(a, query));
    const deleted = accounts.deleted.filter((a) => matches(a, query));
    for (const account of current) out.push({ kind: 'account', key: account.id, account });
    if (previous.length > 0) {
      out.push({ kind: 'header', key: 'h-previous', label: 'Previous tokens' });
      for (const account of previous) out.push({ kind: 'account', key: account.id, account });
    }
    if (deleted.length > 0) {
      out.push({ kind: 'header', key: 'h-deleted', label: 'Recently deleted' });
      for (const account of deleted) out.push({ kind: 'deleted', key: `d-${account.id}`, account });
    }
    return out;
  }, [accounts, query]);

  // Until the list has measured itself, assume a first screenful, so codes are asked for at once.
  const [range, setRange] = useState<[number, number]>([0, 12]);
  const onRangeChange = useCallback((start: number, end: number) => setRange([start, end]), []);
  const visibleTotp = useMemo(() => {
    const ids: string[] = [];
    for (let i = range[0]; i < Math.min(range[1], items.length); i++) {
      const item = items[i]!;
      if (item.kind === 'account' && item.account.type === 'totp') ids.push(item.account.id);
    }
    return ids;
  }, [items, range]);
  const { codes, now } = useCodes(visibleTotp, onError);

  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  const focusRow = (from: number, delta: number) => {
    let i = from + delta;
    while (i >= 0 && i < items.length && items[i]!.kind === 'header') i += delta;
    if (i < 0 || i >= items.length) return;
    setFocusIndex(i);
    // After the list has rendered that row.
    requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-row="${i}"]`)?.focus());
  };

  if (items.length === 0) {
    return <p class="muted" style={{ padding: '12px 14px' }}>{`No account matches “${query}”.`}</p>;
  }

  return (
    <div
      style={{ display: 'contents' }}
      onKeyDown={(e) => {
        if (e.altKey || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
        const row = (e.target as HTMLElement).closest<HTMLElement>('[data-row]') ?? (e.target as HTMLElement).closest('.list-item')?.querySelector<HTMLElement>('[data-row]');
        if (!row) return;
        e.preventDefault();
        focusRow(Number(row.dataset.row), e.key === 'ArrowDown' ? 1 : -1);
      }}
    >
      <VirtualList
        items={items}
        heightOf={heightOf}
        keyOf={keyOf}
        label="Accounts"
        scrollToIndex={focusIndex}
        onRangeChange={onRangeChange}
        render={(item, index) => {
          if (item.kind === 'header') return <div class="list-header" role="heading" aria-level={2}>{item.label}</div>;
          if (item.kind === 'deleted') {
            return (
              <div class="account-row" data-account-id={item.account.id}>
                <div class="account-names">
                  <div class="issuer">{item.account.issuer || item.account.account}</div>
                  <div class="account">{`deleted ${daysAgo(item.account.deletedAt!, now)}`}</div>
                </div>
                <button type="button" data-row={index} onClick={() => onRestore(item.account)} aria-label={`Restore ${accountLabel(item.account)}`}>
                  Restore
                </button>
                <span />
              </div>
            );
          }
          const hotp = revealed.get(item.account.id);
          return (
            <AccountRow
              account={item.account}
              code={hotp === undefined ? codes.get(item.account.id) : { id: item.account.id, code: hotp, expiresAt: 0 }}
              now={now}
              index={index}
              onCopy={onCopy}
              onNextHotp={onNextHotp}
              onMore={onMore}
              onMove={onMove}
            />
          );
        }}
      />
    </div>
  );
}

function daysAgo(at: number, now: number): string {
  const days = Math.floor((now - at) / 86_400_000);
  return days <= 0 ? 'today' : days === 1 ? 'yesterday' : `${days} days ago`;
}
