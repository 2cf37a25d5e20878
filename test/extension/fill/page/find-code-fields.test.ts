// @vitest-environment happy-dom
/**
 * Code-field recognition on markup shaped like real sites' sign-in and set-up forms, in the
 * ten languages we support, and the look-alikes that must never be taken for one.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { explainField, findCodeFields, type CodeField } from '../../../../extension/fill/page/find-code-fields';

const find = (root: Document | ShadowRoot | Element = document) => findCodeFields(root, { layout: false });
const only = (html: string): CodeField[] => {
  document.body.innerHTML = html;
  return find();
};
const inputsOf = (fields: CodeField[]) => fields.map((f) => (f.kind === 'single' ? f.input.id : f.inputs.map((i) => i.id).join(',')));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('single code fields from real sites', () => {
  it.each([
    ['GitHub', '<form><label for="app_totp">Authentication code</label><input type="text" name="app_otp" id="app_totp" autocomplete="one-time-code" inputmode="numeric" maxlength="6" pattern="[0-9]{6}" placeholder="XXXXXX"></form>'],
    ['Google', '<input type="tel" name="totpPin" id="totpPin" autocomplete="off" aria-label="Enter code" dir="ltr">'],
    ['Microsoft', '<input name="otc" type="tel" id="idTxtBx_SAOTCC_OTC" maxlength="8" aria-label="Code" placeholder="Code" autocomplete="off">'],
    ['AWS', '<div><label for="mfacode">MFA code</label><input id="mfacode" name="mfacode" type="text" autocomplete="off"></div>'],
    ['GitLab', '<input type="text" name="user[otp_attempt]" id="user_otp_attempt" autocomplete="off" inputmode="numeric" pattern="[0-9]*">'],
    ['Dropbox', '<input type="text" name="code" id="code" maxlength="6" aria-label="6-digit code">'],
    ['the widget', '<label for="c">Code from your authenticator app</label><input id="c" inputmode="numeric" autocomplete="one-time-code" maxlength="6">'],
    ['a bare one-time-code input', '<input id="c" autocomplete="one-time-code">'],
    ['a one-time-code input with room for spaces', '<input id="c" autocomplete="one-time-code" maxlength="12">'],
    ['type=number', '<label for="n">Verification code</label><input id="n" type="number">'],
    ['password type named otp', '<input id="p" type="password" name="otp" maxlength="6">'],
    ['aria-labelledby', '<span id="lbl">Two-factor code</span><input id="a" aria-labelledby="lbl">'],
    ['a label without for right before it', '<label>Security code</label><input id="b" maxlength="6">'],
    ['help text through aria-describedby', '<input id="d" maxlength="6" aria-describedby="h"><p id="h">Open your authenticator app to view your code.</p>'],
    ['a describing sentence that mentions a mobile device', '<p id="d">Enter the code displayed in the Microsoft Authenticator app on your mobile device</p><input name="otc" type="tel" id="m" aria-labelledby="d" maxlength="8" placeholder="Code">'],
    ['context text and a code shape', '<div><p>Enter the code from your authenticator app</p><input id="e" inputmode="numeric" maxlength="6"></div>'],
  ])('%s', (_site, html) => {
    const fields = only(html);
    expect(fields).toHaveLength(1);
    expect(fields[0]!.kind).toBe('single');
  });
});

describe('labels in ten languages', () => {
  it.each([
    ['en', 'One-time password'],
    ['en', 'Enter the 6-digit code'],
    ['de', 'Bestätigungscode'],
    ['de', 'Sicherheits-Code eingeben'],
    ['de', 'Anmeldecode'],
    ['fr', 'Code de vérification'],
    ['fr', "Code d'authentification"],
    ['es', 'Código de verificación'],
    ['es', 'Contraseña de un solo uso'],
    ['pt', 'Código de segurança'],
    ['pt', 'Código de autenticação'],
    ['it', 'Codice di verifica'],
    ['it', 'Codice monouso'],
    ['nl', 'Verificatiecode'],
    ['nl', 'Eenmalige code'],
    ['pl', 'Kod weryfikacyjny'],
    ['pl', 'Hasło jednorazowe'],
    ['ja', '確認コード'],
    ['ja', 'ワンタイムパスワード'],
    ['ja', '２段階認証コード'],
    ['zh', '验证码'],
    ['zh', '驗證碼'],
    ['zh', '动态密码'],
  ])('%s: %s', (_lang, label) => {
    const fields = only(`<label for="f">${label}</label><input id="f" type="text">`);
    expect(inputsOf(fields)).toEqual(['f']);
  });

  it.each([
    ['de', 'placeholder', 'Code'],
    ['es', 'placeholder', 'Código'],
    ['it', 'placeholder', 'Codice'],
    ['pl', 'placeholder', 'Kod'],
    ['ja', 'placeholder', 'コード'],
  ])('%s: a generic %s "%s" counts on a code-shaped field only', (_lang, attribute, word) => {
    expect(inputsOf(only(`<input id="f" ${attribute}="${word}" maxlength="6">`))).toEqual(['f']);
    expect(inputsOf(only(`<input id="f" ${attribute}="${word}">`))).toEqual([]);
  });
});

describe('look-alikes stay alone', () => {
  it.each([
    ['search', 'search', '<input type="search" id="f" name="q" maxlength="6" placeholder="Search code">'],
    ['search', 'search', '<input type="text" id="f" name="q" autocomplete="off" maxlength="8">'],
    ['search', 'search', '<label for="f">Suche</label><input id="f" maxlength="6">'],
    ['coupon', 'coupon', '<label for="f">Coupon code</label><input id="f" name="coupon" maxlength="8">'],
    ['coupon', 'coupon', '<label for="f">Gutscheincode</label><input id="f" maxlength="8">'],
    ['coupon', 'coupon', '<label for="f">Code promo</label><input id="f" maxlength="8">'],
    ['coupon', 'coupon', '<input id="f" name="promoCode" maxlength="8" placeholder="Promo code">'],
    ['coupon', 'coupon', '<label for="f">优惠码</label><input id="f" maxlength="8">'],
    ['postal', 'postal', '<label for="f">Postal code</label><input id="f" name="postalCode" maxlength="6">'],
    ['postal', 'postal', '<label for="f">Postleitzahl</label><input id="f" name="plz" maxlength="6">'],
    ['postal', 'postal', '<label for="f">Code postal</label><input id="f" maxlength="6">'],
    ['postal', 'postal', '<label for="f">ZIP</label><input id="f" name="zip" type="tel" maxlength="6">'],
    ['postal', 'postal', '<input id="f" autocomplete="postal-code" maxlength="6">'],
    ['card', 'card', '<label for="f">Security code (CVC)</label><input id="f" name="cvc" type="tel" maxlength="4">'],
    ['card', 'card', '<label for="f">Card security code</label><input id="f" name="cardSecurityCode" type="tel" maxlength="6">'],
    ['card', 'card', '<input id="f" autocomplete="cc-csc" maxlength="6" placeholder="Code">'],
    ['card', 'card', '<label for="f">セキュリティコード（カード裏面）</label><input id="f" maxlength="6">'],
    ['phone', 'phone', '<label for="f">Phone</label><input id="f" name="phone" type="tel" maxlength="8">'],
    ['phone', 'phone', '<input id="f" type="tel" autocomplete="tel-national" maxlength="8" placeholder="Code">'],
    ['phone', 'phone', '<label for="f">Telefonnummer</label><input id="f" type="tel" maxlength="8">'],
    ['phone', 'phone', '<label for="f">手机号</label><input id="f" type="tel" maxlength="8">'],
    ['phone', 'phone', '<span id="l">We will text a code to this mobile phone number</span><input id="f" type="tel" aria-labelledby="l" maxlength="8">'],
    ['recovery', 'recovery', '<label for="f">Recovery code</label><input id="f" name="recovery_code" maxlength="8">'],
    ['recovery', 'recovery', '<input id="f" name="backup_code" autocomplete="one-time-code" placeholder="XXXX-XXXX">'],
    ['recovery', 'recovery', '<label for="f">Wiederherstellungscode</label><input id="f" maxlength="8">'],
    ['recovery', 'recovery', '<label for="f">Code de secours</label><input id="f" maxlength="8">'],
    ['recovery', 'recovery', '<label for="f">备用验证码</label><input id="f" maxlength="8">'],
    ['captcha', 'captcha', '<label for="f">图形验证码</label><input id="f" maxlength="6">'],
    ['a username', 'identity', '<label for="f">Username</label><input id="f" autocomplete="username">'],
  ])('%s', (_what, kind, html) => {
    document.body.innerHTML = html;
    expect(find()).toEqual([]);
    expect(explainField(document.getElementById('f') as HTMLInputElement)).toBe(kind);
  });

  it.each([
    ['a password field', '<input id="f" type="password" name="password" autocomplete="current-password">', 'type'],
    ['an email field', '<input id="f" type="email" name="code">', 'type'],
    ['a checkbox', '<input id="f" type="checkbox" name="otp">', 'type'],
    ['a code field too long for a code', '<input id="f" name="code" maxlength="20" placeholder="Verification code">', 'length'],
    ['a code field too short for a code', '<input id="f" name="otp" maxlength="4">', 'length'],
    ['a plain text field', '<label for="f">First name</label><input id="f" maxlength="6">', 'no-signal'],
  ])('%s', (_what, html, reason) => {
    document.body.innerHTML = html;
    expect(find()).toEqual([]);
    expect(explainField(document.getElementById('f') as HTMLInputElement)).toBe(reason);
  });
});

describe('visible fields only', () => {
  it.each([
    ['display:none', '<input id="f" name="otp" style="display:none">'],
    ['inside a hidden parent', '<div hidden><input id="f" name="otp"></div>'],
    ['inside a display:none dialog', '<div style="display:none"><div><input id="f" name="otp"></div></div>'],
    ['visibility:hidden', '<input id="f" name="otp" style="visibility:hidden">'],
    ['type=hidden', '<input id="f" type="hidden" name="otp">'],
    ['disabled', '<input id="f" name="otp" disabled>'],
    ['read-only', '<input id="f" name="otp" readonly>'],
  ])('%s', (_what, html) => {
    expect(only(html)).toEqual([]);
  });
});

describe('split boxes', () => {
  const boxes = (n: number, attrs = 'inputmode="numeric"') =>
    Array.from({ length: n }, (_, i) => `<input id="b${i}" maxlength="1" ${attrs} aria-label="Digit ${i + 1}">`).join('');

  it.each([4, 6, 8])('%i one-digit boxes make one split field', (n) => {
    const fields = only(`<div class="otp">${boxes(n)}</div>`);
    expect(fields).toHaveLength(1);
    expect(fields[0]!.kind).toBe('split');
    expect((fields[0] as { inputs: HTMLInputElement[] }).inputs.map((i) => i.id)).toEqual(Array.from({ length: n }, (_, i) => `b${i}`));
  });

  it('boxes each wrapped in their own element', () => {
    const html = Array.from({ length: 6 }, (_, i) => `<div class="cell"><input id="b${i}" type="tel" maxlength="1"></div>`).join('');
    expect(only(`<div role="group" aria-label="Verification code">${html}</div>`)[0]!.kind).toBe('split');
  });

  it.each([3, 9])('%i boxes are not a code', (n) => {
    expect(only(`<div>${boxes(n)}</div>`)).toEqual([]);
  });

  it('two groups far apart are two fields', () => {
    const fields = only(`<section><div><div>${boxes(6)}</div></div></section><section><div><div>${boxes(6).replaceAll('id="b', 'id="c')}</div></div></section>`);
    expect(fields.map((f) => f.kind)).toEqual(['split', 'split']);
  });

  it('a card-number group is not a code', () => {
    expect(only(`<div aria-label="Card number">${boxes(6)}</div>`)).toEqual([]);
  });

  it('single fields and split fields come in document order', () => {
    const fields = only(`<input id="s" name="otp"><div>${boxes(6)}</div>`);
    expect(fields.map((f) => f.kind)).toEqual(['single', 'split']);
  });
});

describe('shadow roots', () => {
  it('finds a field in an open shadow root, nested', () => {
    document.body.innerHTML = '<x-outer></x-outer>';
    const outer = document.querySelector('x-outer')!.attachShadow({ mode: 'open' });
    outer.innerHTML = '<div><x-inner></x-inner></div>';
    const inner = outer.querySelector('x-inner')!.attachShadow({ mode: 'open' });
    inner.innerHTML = '<input id="deep" autocomplete="one-time-code">';
    expect(inputsOf(find())).toEqual(['deep']);
  });

  it('finds a field in a closed shadow root through the reader it is given', () => {
    document.body.innerHTML = '<two-factor-challenge></two-factor-challenge>';
    const host = document.querySelector('two-factor-challenge')!;
    const closed = host.attachShadow({ mode: 'closed' });
    closed.innerHTML = '<label for="c">Code</label><input id="c" inputmode="numeric" maxlength="6">';
    expect(find()).toEqual([]);
    const fields = findCodeFields(document, { layout: false, readShadowRoot: (el) => (el === host ? closed : el.shadowRoot) });
    expect(inputsOf(fields)).toEqual(['c']);
  });

  it('sees a label by id inside the same shadow root', () => {
    document.body.innerHTML = '<x-a></x-a>';
    const root = document.querySelector('x-a')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<span id="l">Authentication code</span><input id="f" aria-labelledby="l">';
    expect(inputsOf(find())).toEqual(['f']);
  });

  it('does not see into a hidden host', () => {
    document.body.innerHTML = '<x-a hidden></x-a>';
    document.querySelector('x-a')!.attachShadow({ mode: 'open' }).innerHTML = '<input id="f" name="otp">';
    expect(find()).toEqual([]);
  });
});
