/** The scan's protocol handlers: who may send what, and strict parsing of the page's answers. */
import { describe, expect, it } from 'vitest';
import { createScanHandlers, parseAnswer } from '../../../extension/scan/scan-handlers';
import type { ScanService } from '../../../extension/scan/scan-service';
import type { Caller } from '../../../extension/background/message-caller';

function recorder() {
  const calls: unknown[][] = [];
  const done = { added: [], filled: false };
  const service: ScanService = {
    scan: async (...args) => (calls.push(['scan', ...args]), done),
    answer: async (...args) => void calls.push(['answer', ...args]),
    image: async (...args) => (calls.push(['image', ...args]), done),
  };
  return { calls, handlers: createScanHandlers(service) };
}

const page = { origin: 'https://acme.example', site: 'acme.example' };
const content = (frameId = 0): Caller => ({ kind: 'content', tabId: 7, frameId, url: 'https://acme.example/2fa', page });
const extension: Caller = { kind: 'extension', tabId: null };
const automation: Caller = { kind: 'automation' };
const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('scan.run', () => {
  it('lets the popup and menus ask the user to drag a rectangle, but not automation', async () => {
    const { calls, handlers } = recorder();
    await handlers['scan.run']({ tabId: 3 }, { caller: extension });
    await handlers['scan.run']({}, { caller: automation });
    expect(calls).toEqual([
      ['scan', 3, { interactive: true }],
      ['scan', undefined, { interactive: false }],
    ]);
  });
});

describe('scan.answer', () => {
  it('answers for the sender\'s own tab, whatever the data says', async () => {
    const { calls, handlers } = recorder();
    await handlers['scan.answer']({ flowId: 'f1', answer: { kind: 'choose', index: 1 }, tabId: 99 }, { caller: content() });
    expect(calls).toEqual([['answer', 7, 'f1', { kind: 'choose', index: 1 }]]);
  });

  it.each([
    ['a subframe', content(2)],
    ['an extension page', extension],
    ['automation', automation],
  ])('is refused from %s', async (_, caller) => {
    const { calls, handlers } = recorder();
    await expect(Promise.resolve().then(() => handlers['scan.answer']({ flowId: 'f1', answer: { kind: 'cancel' } }, { caller }))).rejects.toThrow(/^\[forbidden\] /);
    expect(calls).toEqual([]);
  });
});

describe('parseAnswer', () => {
  it('keeps exactly the fields of each kind', () => {
    expect(parseAnswer({ kind: 'confirm', extra: 1 })).toEqual({ kind: 'confirm' });
    expect(parseAnswer({ kind: 'select', rect: { x: 1, y: 2, width: 30, height: 40, z: 9 }, viewport: { width: 1280, height: 720, offsetX: 0, offsetY: 0 } })).toEqual({
      kind: 'select',
      rect: { x: 1, y: 2, width: 30, height: 40 },
      viewport: { width: 1280, height: 720, offsetX: 0, offsetY: 0 },
    });
  });

  it.each([
    [{ kind: 'steal' }],
    [{ kind: 'choose', index: -1 }],
    [{ kind: 'choose', index: 1.5 }],
    [{ kind: 'choose', index: '1' }],
    [{ kind: 'select', rect: { x: 1, y: 2, width: NaN, height: 4 }, viewport: { width: 1, height: 1, offsetX: 0, offsetY: 0 } }],
    [{ kind: 'select', rect: { x: 1, y: 2, width: 3, height: 4 } }],
    ['cancel'],
  ])('refuses %j with [bad_request]', (answer) => {
    expect(() => parseAnswer(answer)).toThrow(/^\[bad_request\] /);
  });
});

describe('scan.image', () => {
  it('takes an image data: URL from the extension\'s pages, with the issuer confirmation', async () => {
    const { calls, handlers } = recorder();
    await handlers['scan.image']({ dataUrl: PNG, tabId: 4, acceptIssuer: true }, { caller: extension });
    expect(calls).toEqual([['image', PNG, 4, { acceptIssuer: true }]]);
  });

  it('refuses web pages and anything that is not an image', async () => {
    const { calls, handlers } = recorder();
    await expect(Promise.resolve().then(() => handlers['scan.image']({ dataUrl: PNG }, { caller: content() }))).rejects.toThrow(/^\[forbidden\] /);
    for (const dataUrl of ['data:text/html;base64,PGI+', 'https://acme.example/qr.png', 'data:image/png,raw']) {
      await expect(Promise.resolve().then(() => handlers['scan.image']({ dataUrl }, { caller: extension }))).rejects.toThrow(/^\[bad_request\] /);
    }
    expect(calls).toEqual([]);
  });
});
