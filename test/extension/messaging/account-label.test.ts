/** accountLabel: one way to name an account in the popup and the scan's toast. */
import { describe, expect, it } from 'vitest';
import { accountLabel } from '../../../extension/messaging/account-label';

describe('accountLabel', () => {
  it('names the issuer and the account, or the account alone', () => {
    expect(accountLabel({ issuer: 'Acme', account: 'alice@example.com' })).toBe('Acme (alice@example.com)');
    expect(accountLabel({ issuer: '', account: 'alice' })).toBe('alice');
  });
});
