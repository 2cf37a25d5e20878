/**
 * The scan's hands in the page: injected into the top frame's isolated world on demand, it
 * lists QR candidates, scrolls one into view, identifies the document (so the background can
 * tell the tab is still on the captured page) and shows the in-page UI. The background calls
 * it through `callScanPage` (call-scan-page.ts); answers go back through `respond`.
 */
import type { PageIdentity, PageReport, Respond, ScanPageAgent } from '../../messaging/scan-page-protocol';
import { collectCandidates, collectForeignFrames, viewportOf } from './collect-candidates';
import { isOwnUi, removeUi, uiLayer } from './ui-host';
import { selectArea } from './select-area';
import { showPrompt } from './show-prompt';
import { showToast } from './show-toast';
import { painted, settlePixels } from './settle-pixels';
import type { ShadowRootReader } from '../../in-page/dom-roots';

/** Creates the agent for `doc`; `respond` carries the user's answers to the background. */
export function createScanPageAgent(doc: Document, readShadowRoot: ShadowRootReader, respond: Respond): ScanPageAgent {
  // Not crypto.randomUUID(): plain-http pages are not secure contexts and lack it.
  const token = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  let nextId = 0;
  // Ids stay the same for an element across listings, so the background can tell which
  // candidates it already decoded after the page scrolled.
  const ids = new WeakMap<Element, number>();
  let listed = new Map<number, Element>();
  const identify = (): PageIdentity => ({ url: doc.location.href, token });
  const list = (fresh = false): PageReport => {
    const found = collectCandidates(doc, { readShadowRoot, skip: isOwnUi });
    listed = new Map();
    const candidates = found.candidates.map((candidate, index) => {
      const element = found.elements[index]!;
      let id = ids.get(element);
      if (id === undefined) ids.set(element, (id = nextId++));
      listed.set(id, element);
      return { ...candidate, id };
    });
    return { ...identify(), viewport: found.viewport, candidates, foreignFrames: found.foreignFrames, fresh };
  };
  const layer = () => uiLayer(doc, readShadowRoot);

  return {
    async collect(justShown) {
      const hadUi = removeUi();
      const hidden = doc.visibilityState !== 'visible';
      if (hidden) await becomesVisible(doc);
      const before = list();
      const inView = before.candidates.filter((c) => c.inView).map((c) => listed.get(c.id)!);
      const settled = await settlePixels(doc, inView);
      if (settled && !hadUi && !hidden && !justShown) return { ...before, fresh: true };
      if (settled) await painted(doc);
      // Pictures that arrived meanwhile may have moved things: list what the capture will show.
      return list(false);
    },
    async reveal(id) {
      const element = listed.get(id);
      if (!element?.isConnected) return null;
      element.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
      // A lazily loaded picture starts loading now; whatever it waited for, the scroll must be presented.
      if (await settlePixels(doc, [element])) await painted(doc);
      return list();
    },
    identify,
    frames: () => collectForeignFrames(doc, { readShadowRoot }),
    prompt(flowId, spec) {
      showPrompt(layer(), spec, (answer) => respond(flowId, answer));
    },
    select(flowId, hint) {
      selectArea(layer(), hint, (rect) => {
        if (!rect) return respond(flowId, { kind: 'cancel' });
        removeUi();
        // Wait until the overlay is gone from the screen: the background captures next.
        void painted(doc).then(() => respond(flowId, { kind: 'select', rect, viewport: viewportOf(doc.defaultView ?? window) }));
      });
    },
    toast(text, tone) {
      showToast(layer(), text, tone);
    },
    dismiss() {
      removeUi();
    },
  };
}

function becomesVisible(doc: Document): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, 1000);
    function done() {
      clearTimeout(timer);
      doc.removeEventListener('visibilitychange', check);
      resolve();
    }
    function check() {
      if (doc.visibilityState === 'visible') done();
    }
    doc.addEventListener('visibilitychange', check);
  });
}
