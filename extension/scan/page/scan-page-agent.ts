/**
 * The scan's hands in the page: injected into the top frame's isolated world on demand, it
 * lists QR candidates, scrolls one into view, identifies the document (so the background can
 * tell the tab is still on the captured page) and shows the in-page UI. The background calls
 * it through `callScanPage` (call-scan-page.ts); answers go back through `respond`.
 */
import type { Viewport } from '../crop-rect';
import type { PromptSpec, ScanAnswer, ToastTone } from '../scan-answer';
import { collectCandidates, collectForeignFrames, viewportOf, type Candidate, type ForeignFrames } from './collect-candidates';
import { isOwnUi, removeUi, uiLayer } from './ui-host';
import { selectArea } from './select-area';
import { showPrompt } from './show-prompt';
import { showToast } from './show-toast';
import type { ShadowRootReader } from '../../in-page/dom-roots';

/** The isolated-world global the agent lives under (invisible to page scripts). */
export const AGENT_KEY = '__phoneFreeAuthenticatorScan';

export type PageIdentity = {
  url: string;
  /** Random per document: a reload or navigation to the same URL gives a new one. */
  token: string;
};

export type PageReport = PageIdentity & {
  viewport: Viewport;
  candidates: Candidate[];
  /** Frames of other origins: a code seen inside one is not this page's. */
  foreignFrames: ForeignFrames;
  /** The scan's own UI (a toast) was on screen and was removed: a capture taken meanwhile shows it. */
  cleared: boolean;
};

export interface ScanPageAgent {
  /** Removes any scan UI (so the capture shows the page alone), then lists the candidates. */
  collect(): Promise<PageReport>;
  /** Scrolls candidate `id` (from the latest listing) into view, waits for it to paint, lists again. */
  reveal(id: number): Promise<PageReport | null>;
  identify(): PageIdentity;
  /** The frames of other origins now (for a rectangle the user dragged). */
  frames(): ForeignFrames;
  prompt(flowId: string, spec: PromptSpec): void;
  select(flowId: string, hint: string): void;
  toast(text: string, tone: ToastTone): void;
  dismiss(): void;
}

export type Respond = (flowId: string, answer: ScanAnswer) => void;

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
  const list = (cleared = false): PageReport => {
    const found = collectCandidates(doc, { readShadowRoot, skip: isOwnUi });
    listed = new Map();
    const candidates = found.candidates.map((candidate, index) => {
      const element = found.elements[index]!;
      let id = ids.get(element);
      if (id === undefined) ids.set(element, (id = nextId++));
      listed.set(id, element);
      return { ...candidate, id };
    });
    return { ...identify(), viewport: found.viewport, candidates, foreignFrames: found.foreignFrames, cleared };
  };
  const layer = () => uiLayer(doc, readShadowRoot);

  return {
    async collect() {
      const hadUi = removeUi();
      const hidden = doc.visibilityState !== 'visible';
      if (hidden) await becomesVisible(doc);
      if (hadUi || hidden) await painted(doc);
      return list(hadUi);
    },
    async reveal(id) {
      const element = listed.get(id);
      if (!element?.isConnected) return null;
      element.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
      if (element.localName === 'img') await loaded(element as HTMLImageElement);
      await painted(doc);
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

/** Resolves after the next two frames (a frame is painted), or 150 ms where frames stall. */
function painted(doc: Document): Promise<void> {
  const win = doc.defaultView;
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 150);
    win?.requestAnimationFrame(() => win.requestAnimationFrame(() => (clearTimeout(timer), resolve())));
  });
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

/** Waits for a lazily loaded image that just scrolled into view (at most 1.5 s). */
async function loaded(image: HTMLImageElement): Promise<void> {
  if (image.complete && image.naturalWidth > 0) return;
  await Promise.race([image.decode().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1500))]);
}
