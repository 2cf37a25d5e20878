/**
 * How an account is named to people, the same in the page's toast (written by the worker) and
 * in the popup. Pure, importable from every side.
 */

/** "Acme (alice@example.com)", or the account alone when the code names no issuer. */
export function accountLabel(named: { issuer: string; account: string }): string {
  return named.issuer ? `${named.issuer} (${named.account})` : named.account;
}
