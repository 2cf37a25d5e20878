// @vitest-environment happy-dom
/**
 * Filling: frameworks see the value (a Preact-controlled input, React's value tracker, Vue's
 * v-model contract), split boxes take a paste or one digit each, and nothing the user typed
 * is ever overwritten.
 */
import { render } from 'preact';
import { useState } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findCodeFields, type CodeField, type SplitCodeField } from '../../../../extension/fill/page/find-code-fields';
import { checkFill, fillCodeField } from '../../../../extension/fill/page/fill-field';

const fields = () => findCodeFields(document, { layout: false });
const first = (): CodeField => {
  const found = fields()[0];
  if (!found) throw new Error('no code field found');
  return found;
};

afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = '';
});

describe('single inputs', () => {
  it('sets the value and sends bubbling input and change events', async () => {
    document.body.innerHTML = '<form><input id="c" autocomplete="one-time-code" maxlength="6"></form>';
    const seen: string[] = [];
    document.querySelector('form')!.addEventListener('input', (e) => seen.push(`input:${(e.target as HTMLInputElement).value}`));
    document.querySelector('form')!.addEventListener('change', () => seen.push('change'));
    expect(await fillCodeField(first(), '123456')).toBe('filled');
    expect((document.getElementById('c') as HTMLInputElement).value).toBe('123456');
    expect(seen).toEqual(['input:123456', 'change']);
  });

  it("goes around React's instance value tracker (the native setter)", async () => {
    document.body.innerHTML = '<input id="c" autocomplete="one-time-code">';
    const input = document.getElementById('c') as HTMLInputElement;
    // React's inputValueTracking: an own `value` property records what scripts set, and an
    // input event whose value equals the tracked one is dropped as "no change".
    const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
    let tracked = '';
    Object.defineProperty(input, 'value', {
      configurable: true,
      get: () => native.get!.call(input),
      set: (v: string) => {
        tracked = v;
        native.set!.call(input, v);
      },
    });
    const onChange = vi.fn();
    input.addEventListener('input', () => {
      const now = native.get!.call(input) as string;
      if (now !== tracked) {
        tracked = now;
        onChange(now);
      }
    });
    expect(await fillCodeField(first(), '654321')).toBe('filled');
    expect(onChange).toHaveBeenCalledWith('654321');
  });

  it('fills a Preact-controlled input whose state follows onInput', async () => {
    let state = '';
    function Form() {
      const [code, setCode] = useState('');
      state = code;
      return <input aria-label="Verification code" value={code} onInput={(e) => setCode(e.currentTarget.value)} maxLength={6} />;
    }
    act(() => render(<Form />, document.body));
    await act(async () => {
      expect(await fillCodeField(first(), '246810')).toBe('filled');
    });
    expect(state).toBe('246810');
    expect(document.querySelector('input')!.value).toBe('246810');
  });

  it("honours Vue's v-model contract (model updated from the input event)", async () => {
    document.body.innerHTML = '<input id="c" name="otp">';
    const input = document.getElementById('c') as HTMLInputElement;
    const model = { code: '' };
    input.addEventListener('input', () => (model.code = input.value));
    expect(await fillCodeField(first(), '135790')).toBe('filled');
    expect(model.code).toBe('135790');
  });

  it('reports a controlled input that keeps its own value as refused', async () => {
    document.body.innerHTML = '<input id="c" name="otp">';
    const input = document.getElementById('c') as HTMLInputElement;
    input.addEventListener('input', () => setTimeout(() => (input.value = '')));
    expect(await fillCodeField(first(), '111111')).toBe('refused');
  });

  it('never overwrites what the user typed, but may replace its own fill', async () => {
    document.body.innerHTML = '<input id="c" name="otp">';
    const input = document.getElementById('c') as HTMLInputElement;
    input.value = '12';
    expect(await fillCodeField(first(), '123456')).toBe('occupied');
    expect(input.value).toBe('12');
    input.value = '';
    expect(await fillCodeField(first(), '123456')).toBe('filled');
    expect(await fillCodeField(first(), '654321')).toBe('filled');
    expect(input.value).toBe('654321');
    input.value = '654329';
    expect(await fillCodeField(first(), '000000')).toBe('occupied');
    expect(input.value).toBe('654329');
  });

  it('does not put a code into a field too short for it', async () => {
    document.body.innerHTML = '<input id="c" name="otp" maxlength="6">';
    expect(checkFill(first(), '12345678')).toBe('does-not-fit');
    expect(await fillCodeField(first(), '12345678')).toBe('does-not-fit');
    expect((document.getElementById('c') as HTMLInputElement).value).toBe('');
  });
});

describe('split boxes', () => {
  const boxes = (n = 6) => Array.from({ length: n }, (_, i) => `<input id="b${i}" maxlength="1" inputmode="numeric">`).join('');
  const values = () => Array.from(document.querySelectorAll<HTMLInputElement>('input')).map((i) => i.value).join('');

  it('takes a synthetic paste when the page handles paste', async () => {
    document.body.innerHTML = `<div id="otp">${boxes()}</div>`;
    const inputs = Array.from(document.querySelectorAll<HTMLInputElement>('input'));
    const typed = vi.fn();
    document.getElementById('otp')!.addEventListener('input', typed);
    document.getElementById('otp')!.addEventListener('paste', (event) => {
      event.preventDefault();
      const text = event.clipboardData!.getData('text');
      inputs.forEach((input, i) => (input.value = text[i] ?? ''));
    });
    expect(await fillCodeField(first(), '975310')).toBe('filled');
    expect(values()).toBe('975310');
    expect(typed).not.toHaveBeenCalled();
  });

  it('types one digit per box, focusing each, when nobody handles paste', async () => {
    document.body.innerHTML = `<div>${boxes()}</div>`;
    const focused: string[] = [];
    document.body.addEventListener('focusin', (e) => focused.push((e.target as HTMLElement).id));
    expect(await fillCodeField(first(), '102938')).toBe('filled');
    expect(values()).toBe('102938');
    expect(focused).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5']);
  });

  it('works with a library that writes into the box it believes active (react-otp-input style)', async () => {
    document.body.innerHTML = `<div>${boxes()}</div>`;
    const inputs = Array.from(document.querySelectorAll<HTMLInputElement>('input'));
    let active = 0;
    const code = ['', '', '', '', '', ''];
    inputs.forEach((input, i) => {
      input.addEventListener('focus', () => (active = i));
      input.addEventListener('input', () => {
        code[active] = input.value.slice(-1);
        inputs.forEach((box, j) => (box.value = code[j]!));
      });
    });
    expect(await fillCodeField(first(), '564738')).toBe('filled');
    expect(code.join('')).toBe('564738');
  });

  it('leaves boxes alone when the user started typing, and refuses a code of another length', async () => {
    document.body.innerHTML = `<div>${boxes()}</div>`;
    const field = first() as SplitCodeField;
    expect(checkFill(field, '12345678')).toBe('does-not-fit');
    field.inputs[2]!.value = '7';
    expect(await fillCodeField(field, '123456')).toBe('occupied');
    expect(values()).toBe('7');
  });
});
