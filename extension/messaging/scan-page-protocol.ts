/**
 * The contract between the scan in the worker and its agent in the page
 * (scan/call-scan-page.ts calls, scan/page/scan-page-agent.ts answers): what the page reports
 * (the document's identity, its QR candidates, the frames of other origins), the questions its
 * dialog shows and the tone of its messages. Importable from both sides.
 */
import type { Rect, Viewport } from '../../shared/geometry/rect';
import type { ScanAnswer } from '../../shared/protocol/scan';

export type { Rect, ScanAnswer, Viewport };

/** A question the page shows in its dialog; Esc and the Cancel button answer `cancel`. */
export type PromptSpec = {
  title: string;
  message: string;
  actions: Array<{ label: string; answer: ScanAnswer }>;
};

export type ToastTone = 'success' | 'error' | 'info';

/**
 * A page loaded and visible at least this long, with no pixels pending, was presented as it is
 * (scan/page/settle-pixels.ts); the worker also counts a tab shown this long as settled.
 */
export const SETTLED_AFTER_MS = 1000;

export type CandidateKind = 'img' | 'canvas' | 'svg' | 'background';

export type Candidate = {
  /** Index into the element list the page keeps, to scroll this one into view later. */
  id: number;
  kind: CandidateKind;
  /** CSS pixels, relative to the top frame's viewport. */
  rect: Rect;
  /** Wholly inside the viewport (and its frame's visible box): a crop of the capture shows it. */
  inView: boolean;
  /** No frame of another origin overlaps it on screen: what its crop shows is this page's. */
  clear: boolean;
};

/** A frame of another origin: where it shows on screen (whose it is, only the browser knows). */
export type ForeignFrame = {
  /** CSS pixels, relative to the top frame's viewport; the part visible through enclosing frames. */
  rect: Rect;
};

/** The frames of other origins, as the page agent sees them. */
export type ForeignFrames = {
  /** Those on screen, at most MAX_FOREIGN_FRAMES (scan/page/collect-candidates.ts) of them (a page of ads must not bloat the report). */
  shown: ForeignFrame[];
  /** All of them, on screen or not: more than `shown.length` means the list is incomplete. */
  count: number;
};

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
  /**
   * A capture begun before this report shows the page as listed: it was loaded and visible for
   * a while, its candidates' pixels were ready and no scan UI had to be removed. Otherwise the
   * agent waited for the pixels and two presented frames, and only a capture begun now counts.
   */
  fresh: boolean;
};

export interface ScanPageAgent {
  /**
   * Removes any scan UI (so the capture shows the page alone), lists the candidates and waits
   * until their pixels can be captured (scan/page/settle-pixels.ts). `justShown`: the tab was brought
   * forward a moment ago, so two frames are awaited whatever the page says.
   */
  collect(justShown: boolean): Promise<PageReport>;
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
