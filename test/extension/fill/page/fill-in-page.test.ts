// @vitest-environment happy-dom
/**
 * The page side of filling against a fake background: automatic fills into empty fields
 * only, the button where the policy says so, waiting for a code the server will accept,
 * fills the background pushes, and "submit after filling".
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FillEntry } from '../../../../shared/protocol/extension-messages';
import { startPageFill, type PageFill, type PageFillBackend, type PageFillPlan } from '../../../../extension/fill/page/fill-in-page';
import { HOST_TAG } from '../../../../extension/in-page/in-page-host';

const alice: FillEntry = { id: 'a1', issuer: 'Acme', account: 'alice', previous: false, site: 'acme.test' };
let page: PageFill | null = null;

afterEach(() => {
  page?.stop();
  page = null;
  document.body.innerHTML = '';
});

function backend(plan: Partial<PageFillPlan>, codes: string[] = []) {
  const calls: string[] = [];
  const askedAt: number[] = [];
  const fake: PageFillBackend = {
    plan: vi.fn(async ({ withCode }) => {
      calls.push(`plan:${withCode}`);
      const automatic = plan.automatic && withCode ? { ...plan.automatic, code: plan.automatic.code ?? null } : plan.automatic && { ...plan.automatic, code: null };
      return { offer: [], submitAfterFill: false, locked: false, ...plan, automatic: automatic ?? null };
    }),
    code: vi.fn(async (id: string) => {
      calls.push(`code:${id}`);
      askedAt.push(Date.now());
      return { code: codes.shift() ?? null, notBefore: Date.now() };
    }),
    unlock: vi.fn(async () => {
      calls.push('unlock');
    }),
  };
  return { fake, calls, askedAt };
}

const start = (fake: PageFillBackend, onFilled = vi.fn()) => {
  page = startPageFill(document, fake, { layout: false, minIntervalMs: 5, onFilled });
  return onFilled;
};
/** Generous: the machines are shared and slow at times; nothing here asserts a duration. */
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 10 });
const value = (id: string) => (document.getElementById(id) as HTMLInputElement).value;

describe('startPageFill', () => {
  it('fills the automatic account into an empty field, with a button for the others', async () => {
    document.body.innerHTML = '<input id="c" autocomplete="one-time-code">';
    const { fake } = backend({ automatic: { accountId: 'a1', code: '123456', notBefore: 0 }, offer: [alice] });
    const onFilled = start(fake);
    await eventually(() => expect(onFilled).toHaveBeenCalled());
    expect(value('c')).toBe('123456');
    expect(onFilled).toHaveBeenCalledWith(expect.objectContaining({ kind: 'single' }), 'automatic');
    expect(document.querySelector(HOST_TAG)).not.toBeNull();
    // The button's insides are closed to the page.
    expect(document.querySelector(HOST_TAG)!.shadowRoot).toBeNull();
  });

  it('does nothing at all on a page with no account for its site', async () => {
    document.body.innerHTML = '<input id="c" autocomplete="one-time-code">';
    const { fake, calls } = backend({});
    start(fake);
    await eventually(() => expect(calls).toEqual(['plan:true']));
    expect(value('c')).toBe('');
    expect(document.querySelector(HOST_TAG)).toBeNull();
  });

  it('shows only the button (no code asked for) when the policy says button', async () => {
    document.body.innerHTML = '<input id="c" autocomplete="one-time-code">';
    const { fake, calls } = backend({ offer: [alice] });
    start(fake);
    await eventually(() => expect(document.querySelector(HOST_TAG)).not.toBeNull());
    expect(calls).toEqual(['plan:true']);
    expect(value('c')).toBe('');
  });

  it('never asks for a code for a field the user already typed into', async () => {
    document.body.innerHTML = '<input id="c" autocomplete="one-time-code" value="12">';
    const { fake, calls } = backend({ automatic: { accountId: 'a1', code: null, notBefore: 0 }, offer: [alice] });
    start(fake);
    await eventually(() => expect(calls).toEqual(['plan:false']));
    await new Promise((r) => setTimeout(r, 20));
    expect(value('c')).toBe('12');
    expect(calls).toEqual(['plan:false']);
  });

  it('waits until the code it was offered will be accepted, then asks for it', async () => {
    document.body.innerHTML = '<input id="c" autocomplete="one-time-code">';
    const notBefore = Date.now() + 80;
    const { fake, calls, askedAt } = backend({ automatic: { accountId: 'a1', code: null, notBefore }, offer: [alice] }, ['222222']);
    start(fake);
    await eventually(() => expect(value('c')).toBe('222222'));
    expect(calls).toEqual(['plan:true', 'code:a1']);
    expect(askedAt[0]).toBeGreaterThanOrEqual(notBefore);
    // Not the user's doing: the background must not count it as use (auto-lock keeps running).
    expect(fake.code).toHaveBeenCalledWith('a1', false);
  });

  it('fills a field that appears later, once', async () => {
    const { fake, calls } = backend({ automatic: { accountId: 'a1', code: '333333', notBefore: 0 }, offer: [alice] });
    start(fake);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual([]);
    document.body.innerHTML = '<form><label>Verification code <input id="late" maxlength="6"></label></form>';
    await eventually(() => expect(value('late')).toBe('333333'));
    document.body.append(document.createElement('input'));
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toEqual(['plan:true']);
  });

  it('fills a pushed code into the first field that can take it, and submits only when asked', async () => {
    document.body.innerHTML =
      '<form id="f1"><input id="typed" name="otp" value="99"></form><form id="f2"><input id="c" name="otp"></form>';
    const { fake } = backend({});
    start(fake);
    const submitted: string[] = [];
    document.querySelectorAll('form').forEach((form) =>
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        submitted.push(form.id);
      }),
    );
    expect(await page!.fillNow('444444', { submit: false })).toBe(true);
    expect([value('typed'), value('c')]).toEqual(['99', '444444']);
    expect(submitted).toEqual([]);
    (document.getElementById('c') as HTMLInputElement).value = '';
    expect(await page!.fillNow('555555', { submit: true })).toBe(true);
    expect(submitted).toEqual(['f2']);
  });

  it('says so when a pushed code finds no field', async () => {
    document.body.innerHTML = '<input id="q" type="search">';
    start(backend({}).fake);
    expect(await page!.fillNow('444444', { submit: false })).toBe(false);
  });

  it('submits after an automatic fill when the setting is on', async () => {
    document.body.innerHTML = '<form><input id="c" autocomplete="one-time-code"><button>Verify</button></form>';
    const submit = vi.fn((e: Event) => e.preventDefault());
    document.querySelector('form')!.addEventListener('submit', submit);
    start(backend({ automatic: { accountId: 'a1', code: '777777', notBefore: 0 }, offer: [alice], submitAfterFill: true }).fake);
    await eventually(() => expect(submit).toHaveBeenCalledTimes(1));
    expect(value('c')).toBe('777777');
  });

  it('keeps its button on the field when the page moves the field without resizing it', async () => {
    document.body.innerHTML = '<input id="c" autocomplete="one-time-code">';
    const input = document.getElementById('c') as HTMLInputElement;
    let top = 100;
    input.getBoundingClientRect = () => ({ x: 10, y: top, left: 10, top, right: 210, bottom: top + 30, width: 200, height: 30, toJSON: () => ({}) });
    start(backend({ offer: [alice] }).fake);
    const host = () => document.querySelector<HTMLElement>(HOST_TAG);
    await eventually(() => expect(host()?.style.getPropertyValue('top')).toBe('104px'));
    top = 400;
    await eventually(() => expect(host()!.style.getPropertyValue('top')).toBe('404px'));
    expect(host()!.style.getPropertyValue('left')).toBe('184px');
  });

  it('ignores synthetic clicks on its button', async () => {
    const attach = vi.spyOn(Element.prototype, 'attachShadow');
    document.body.innerHTML = '<input id="c" autocomplete="one-time-code">';
    const { fake, calls } = backend({ offer: [alice] }, ['888888']);
    start(fake);
    await eventually(() => expect(document.querySelector(HOST_TAG)).not.toBeNull());
    const root = attach.mock.results.at(-1)!.value as ShadowRoot;
    expect(root.adoptedStyleSheets.length).toBe(1);
    const key = root.querySelector('button')!;
    expect(key.getAttribute('aria-label')).toBe('Fill the code for Acme (alice)');
    key.click();
    key.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(['plan:true']);
    expect(value('c')).toBe('');
    attach.mockRestore();
  });
});
