/** The binding policy (README, "Filling codes: what gets filled where") as a table, and the page plan built on it. */
import { describe, expect, it } from 'vitest';
import { fillPolicy, planFill, type FillCandidate, type BoundTo } from '../../../extension/fill/fill-policy';

const acme: BoundTo = { origin: 'https://acme.test', site: 'acme.test' };
const login: BoundTo = { origin: 'https://login.acme.test', site: 'acme.test' };
const lookAlike: BoundTo = { origin: 'https://acme-login.test', site: 'acme-login.test' };
const acmeHttp: BoundTo = { origin: 'http://acme.test', site: 'acme.test' };
const unbound: BoundTo = { origin: null, site: null };
const localhostA: BoundTo = { origin: 'http://localhost:4000', site: 'localhost' };
const localhostB: BoundTo = { origin: 'http://localhost:5000', site: 'localhost' };

describe('fillPolicy', () => {
  it.each([
    ['same origin, autoFill on', acme, acme, true, 'automatic'],
    ['same origin, autoFill off', acme, acme, false, 'button'],
    ['sibling subdomain', login, acme, true, 'button'],
    ['parent domain from a subdomain account', acme, login, true, 'button'],
    // An account bound on https never goes to a plain-http page: anyone on the network can serve one.
    ['an https account on the same host over http', acmeHttp, acme, true, 'popup-only'],
    ['an https account on a sibling subdomain over http', { origin: 'http://login.acme.test', site: 'acme.test' }, acme, true, 'popup-only'],
    ['an http account on the same host over https (an upgrade)', acme, acmeHttp, true, 'button'],
    ['an http account on http, same origin', acmeHttp, acmeHttp, true, 'automatic'],
    ['look-alike domain', lookAlike, acme, true, 'popup-only'],
    ['an account bound to no page', acme, unbound, true, 'popup-only'],
    ['a page without a site (file:, data:)', unbound, acme, true, 'popup-only'],
    ['localhost, other port', localhostB, localhostA, true, 'button'],
    ['localhost, same port', localhostA, localhostA, true, 'automatic'],
  ] as const)('%s -> %s', (_what, page, account, autoFill, expected) => {
    expect(fillPolicy(page, account, { autoFill })).toBe(expected);
  });
});

describe('planFill', () => {
  let n = 0;
  const account = (binding: BoundTo, addedAt: number, previous = false): FillCandidate => ({
    ...binding,
    id: `a${++n}`,
    issuer: 'Acme',
    account: 'alice',
    previous,
    addedAt,
  });

  it('fills the one current token of this origin automatically, and still offers the previous one', () => {
    const current = account(acme, 2000);
    const previous = account(acme, 1000, true);
    const plan = planFill(acme, [previous, current], { autoFill: true });
    expect(plan.automatic).toBe(current);
    expect(plan.offer).toEqual([current, previous]);
    expect(plan.otherSites).toEqual([]);
  });

  it('asks (no automatic fill) when two current tokens of this origin compete', () => {
    const older = account(acme, 1000);
    const newer = account(acme, 3000);
    const plan = planFill(acme, [older, newer], { autoFill: true });
    expect(plan.automatic).toBeNull();
    expect(plan.offer).toEqual([newer, older]);
  });

  it('orders the chooser: current tokens newest first, then previous tokens newest first', () => {
    const p1 = account(acme, 1000, true);
    const c1 = account(login, 2000);
    const p2 = account(acme, 3000, true);
    const c2 = account(acme, 4000);
    expect(planFill(acme, [p1, c1, p2, c2], { autoFill: true }).offer).toEqual([c2, c1, p2, p1]);
  });

  it('never fills a previous token automatically', () => {
    expect(planFill(acme, [account(acme, 1000, true)], { autoFill: true }).automatic).toBeNull();
  });

  it('prefers this origin over a sibling subdomain for the automatic fill', () => {
    const here = account(acme, 1000);
    const sibling = account(login, 2000);
    const plan = planFill(acme, [here, sibling], { autoFill: true });
    expect(plan.automatic).toBe(here);
    expect(plan.offer).toEqual([sibling, here]);
  });

  it('puts other sites aside for the popup only', () => {
    const mine = account(acme, 1000);
    const other = account(lookAlike, 2000);
    const plan = planFill(acme, [mine, other], { autoFill: false });
    expect(plan.automatic).toBeNull();
    expect(plan.offer).toEqual([mine]);
    expect(plan.otherSites).toEqual([other]);
  });
});
