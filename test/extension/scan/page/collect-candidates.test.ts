// @vitest-environment happy-dom
// @vitest-environment-options {"settings": {"enableIframePageLoading": true}}
/**
 * Candidate collection in the page: which elements may show a QR code, where they are, in
 * which order; through open and closed shadow roots and same-origin frames. happy-dom does
 * no layout, so each element's box is given in a data-rect attribute (x y width height).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { collectCandidates, MAX_CANDIDATES, MAX_FOREIGN_FRAMES } from '../../../../extension/scan/page/collect-candidates';

const closedRoots = new WeakMap<Element, ShadowRoot>();
const readShadowRoot = (element: Element) => closedRoots.get(element) ?? element.shadowRoot;

function layOut(root: ParentNode): void {
  for (const element of root.querySelectorAll<Element>('[data-rect]')) {
    const [x, y, width, height] = element.getAttribute('data-rect')!.split(' ').map(Number) as [number, number, number, number];
    element.getBoundingClientRect = () => DOMRect.fromRect({ x, y, width, height });
  }
}

function page(html: string): Document {
  document.body.innerHTML = html;
  layOut(document);
  return document;
}

const listed = (doc: Document) => collectCandidates(doc, { readShadowRoot }).candidates.map((c) => ({ kind: c.kind, ...c.rect, inView: c.inView }));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('collectCandidates', () => {
  it('lists img, canvas, outer svg and CSS backgrounds, with their boxes', () => {
    const doc = page(`
      <img src="/qr.png" data-rect="10 10 200 200">
      <canvas data-rect="300 10 200 200"></canvas>
      <svg data-rect="600 10 200 200"><svg data-rect="610 20 100 100"></svg></svg>
      <div style="background-image: url(/qr.png)" data-rect="810 10 200 200"></div>
      <div style="background: #fff" data-rect="10 300 200 200"></div>
      <input type="image" src="/qr.png" data-rect="300 300 150 150">`);
    expect(listed(doc)).toEqual(
      expect.arrayContaining([
        { kind: 'img', x: 10, y: 10, width: 200, height: 200, inView: true },
        { kind: 'canvas', x: 300, y: 10, width: 200, height: 200, inView: true },
        { kind: 'svg', x: 600, y: 10, width: 200, height: 200, inView: true },
        { kind: 'background', x: 810, y: 10, width: 200, height: 200, inView: true },
        { kind: 'img', x: 300, y: 300, width: 150, height: 150, inView: true },
      ]),
    );
    expect(listed(doc)).toHaveLength(5); // not the inner svg, not the plain-colour div
  });

  it('skips what cannot hold a code: tiny, very long or thin, hidden, our own UI', () => {
    const doc = page(`
      <img data-rect="0 0 16 16">
      <img data-rect="0 0 600 40">
      <img style="visibility: hidden" data-rect="0 0 200 200">
      <phone-free-authenticator-scan><img data-rect="0 0 200 200"></phone-free-authenticator-scan>
      <img data-rect="300 300 120 120">`);
    const { candidates } = collectCandidates(doc, { readShadowRoot, skip: (e: Element) => !!e.closest('phone-free-authenticator-scan') });
    expect(candidates.map((c) => c.rect)).toEqual([{ x: 300, y: 300, width: 120, height: 120 }]);
  });

  it('puts square, medium-sized pictures first and gives ids in that order', () => {
    const doc = page(`
      <img id="banner" data-rect="0 0 900 300">
      <img id="icon" data-rect="0 400 32 32">
      <canvas id="qr" data-rect="400 400 220 220"></canvas>`);
    const { candidates, elements } = collectCandidates(doc, { readShadowRoot });
    expect(elements.map((e) => e.id)).toEqual(['qr', 'icon', 'banner']);
    expect(candidates.map((c) => c.id)).toEqual([0, 1, 2]);
  });

  it(`keeps at most ${MAX_CANDIDATES}`, () => {
    const doc = page(Array.from({ length: MAX_CANDIDATES + 10 }, (_, i) => `<img data-rect="${i * 10} 0 100 100">`).join(''));
    expect(collectCandidates(doc, { readShadowRoot }).candidates).toHaveLength(MAX_CANDIDATES);
  });

  it('marks what lies outside the viewport (below the fold, half off-screen) as not in view', () => {
    const doc = page(`
      <img id="below" data-rect="100 ${window.innerHeight + 500} 200 200">
      <img id="half" data-rect="${window.innerWidth - 100} 10 200 200">
      <img id="in" data-rect="10 10 200 200">`);
    const { candidates, elements } = collectCandidates(doc, { readShadowRoot });
    const inView = Object.fromEntries(elements.map((e, i) => [e.id, candidates[i]!.inView]));
    expect(inView).toEqual({ below: false, half: false, in: true });
  });

  it('looks inside open and closed shadow roots, nested', () => {
    const doc = page('<open-host></open-host><closed-host></closed-host>');
    const open = doc.querySelector('open-host')!.attachShadow({ mode: 'open' });
    open.innerHTML = '<img data-rect="10 10 200 200"><inner-host></inner-host>';
    const inner = open.querySelector('inner-host')!.attachShadow({ mode: 'closed' });
    closedRoots.set(open.querySelector('inner-host')!, inner);
    inner.innerHTML = '<svg data-rect="300 10 200 200"></svg>';
    const closedHost = doc.querySelector('closed-host')!;
    const closed = closedHost.attachShadow({ mode: 'closed' });
    closedRoots.set(closedHost, closed);
    closed.innerHTML = '<canvas data-rect="600 10 200 200"></canvas>';
    [open, inner, closed].forEach(layOut);
    expect(listed(doc).map((c) => c.kind).sort()).toEqual(['canvas', 'img', 'svg']);
  });

  it('does not see into closed roots without the extension\'s reader', () => {
    const doc = page('<closed-host></closed-host>');
    const closed = doc.querySelector('closed-host')!.attachShadow({ mode: 'closed' });
    closed.innerHTML = '<canvas data-rect="600 10 200 200"></canvas>';
    layOut(closed);
    expect(collectCandidates(doc, { readShadowRoot: (e) => e.shadowRoot }).candidates).toEqual([]);
  });

  it('looks into same-origin frames, offset by the frame\'s position and padding, clipped to its box', () => {
    const doc = page('<iframe style="padding: 6px; width: 300px; height: 200px" data-rect="100 50 312 212"></iframe>');
    const frame = doc.querySelector('iframe')!;
    Object.defineProperty(frame, 'clientWidth', { value: 312 });
    Object.defineProperty(frame, 'clientHeight', { value: 212 });
    const inner = frame.contentDocument!;
    inner.body.innerHTML = '<img id="seen" data-rect="20 10 150 150"><img id="cut" data-rect="20 150 150 150">';
    layOut(inner);
    const { candidates, elements } = collectCandidates(doc, { readShadowRoot });
    const byId = Object.fromEntries(elements.map((e, i) => [e.id, candidates[i]!]));
    expect(byId.seen).toMatchObject({ rect: { x: 126, y: 66, width: 150, height: 150 }, inView: true });
    expect(byId.cut).toMatchObject({ rect: { x: 126, y: 206, width: 150, height: 150 }, inView: false });
  });

  describe('frames whose document is out of reach', () => {
    it('an <embed> whose document this script cannot read is foreign, whatever its src says (same origin here)', () => {
      const doc = page('<embed type="text/html" src="/setup.html" data-rect="100 100 400 300"><img src="/qr.png" data-rect="600 100 150 150">');
      const { foreignFrames, candidates } = collectCandidates(doc, { readShadowRoot });
      expect(foreignFrames).toEqual({ shown: [{ rect: { x: 100, y: 100, width: 400, height: 300 } }], count: 1 });
      expect(candidates).toEqual([expect.objectContaining({ kind: 'img', clear: true })]);
    });

    it(`lists at most ${MAX_FOREIGN_FRAMES} boxes, but counts every one, on screen or not (no silent cap)`, () => {
      const frames = Array.from({ length: MAX_FOREIGN_FRAMES + 6 }, (_, i) => `<fencedframe data-rect="${(i % 60) * 10} ${Math.floor(i / 60) * 10} 8 8"></fencedframe>`);
      const doc = page(frames.join('') + '<fencedframe data-rect="0 5000 8 8"></fencedframe>');
      const { foreignFrames } = collectCandidates(doc, { readShadowRoot });
      expect(foreignFrames.shown).toHaveLength(MAX_FOREIGN_FRAMES);
      expect(foreignFrames.count).toBe(MAX_FOREIGN_FRAMES + 7);
    });

    it('marks the pictures a foreign frame overlaps: their crops may show the frame', () => {
      const doc = page(`
        <fencedframe data-rect="100 100 400 300"></fencedframe>
        <img id="under" src="/qr.png" data-rect="150 150 150 150">
        <img id="apart" src="/qr.png" data-rect="600 100 150 150">`);
      const { candidates, elements } = collectCandidates(doc, { readShadowRoot });
      const byId = Object.fromEntries(elements.map((e, i) => [e.id, candidates[i]!]));
      expect(byId.under!.clear).toBe(false);
      expect(byId.apart!.clear).toBe(true);
    });
  });
});
