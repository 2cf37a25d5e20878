/** What a scan tells people, in the page's toast and in the popup alike. Pure. */
import type { AddOutcome } from '../../shared/protocol/extension-messages';
import { accountLabel } from '../messaging/account-label';
import type { IssuerMismatch } from './check-issuer-site';

type Named = { issuer: string; account: string; site: string | null };

/** "Added Acme (alice@example.com) for acme.example", said the way the vault took it. */
export function addedMessage(account: Named, outcome: AddOutcome = 'added'): string {
  const label = accountLabel(account);
  const where = account.site ? ` for ${account.site}` : '';
  switch (outcome) {
    case 'duplicate':
      return `${label}${where} is already in your vault.`;
    case 'replaced':
      return `Added ${label}${where}; the older token is kept under “Previous tokens”.`;
    default:
      return `Added ${label}${where}`;
  }
}

export function mismatchMessage(m: IssuerMismatch): string {
  return `This QR code says it is for ${m.service}, but this page is on ${m.site}, which is not a ${m.service} site (${m.domains.slice(0, 3).join(', ')}). Save it only if you trust ${m.site}.`;
}
