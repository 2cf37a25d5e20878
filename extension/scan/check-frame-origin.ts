/**
 * A QR code drawn inside a frame of another origin belongs to that site: saving it bound to
 * the page around the frame would let that page be filled with the framed site's codes. Two
 * witnesses, neither of them the page's markup: the page agent lists the boxes of the frames
 * whose documents it may not read (the browser's same-origin rule decides: page/walk-elements.ts),
 * and the browser itself counts the tab's frames of other origins (list-foreign-frames.ts).
 * A code inside a listed box ends the scan with nothing saved. When the agent's list is
 * incomplete (too many frames to list, or fewer than the browser counts), only codes found
 * inside a picture of the page itself that no foreign frame overlaps are trusted.
 */
import type { Rect } from '../../shared/geometry/rect';
import type { BrowserFrames } from './list-foreign-frames';
import type { Candidate, ForeignFrames } from '../messaging/scan-page-protocol';
import { ScanError } from './scan-error';

/** What the scan knows about frames when it checks the codes it found. */
export type FrameEvidence = {
  /** The page agent's listing. */
  page: ForeignFrames;
  /** The browser's count of outermost frames of another origin. */
  browser: BrowserFrames;
  /** The page's own pictures (candidates), with whether a foreign frame overlaps each. */
  candidates: ReadonlyArray<Pick<Candidate, 'rect' | 'clear'>>;
};

/**
 * Throws `[cross_origin_frame]` when any code of `found` lies (by its centre) inside a frame of
 * another origin, or, where the page's list of frames is incomplete, outside every clear picture.
 */
export function checkFrameOrigin(found: ReadonlyArray<{ at: Rect }>, evidence: FrameEvidence): void {
  const { page, browser, candidates } = evidence;
  const complete = page.count <= page.shown.length && browser.count <= page.count;
  for (const { at } of found) {
    const x = at.x + at.width / 2;
    const y = at.y + at.height / 2;
    const inside = (rect: Rect) => x >= rect.x && x <= rect.x + rect.width && y >= rect.y && y <= rect.y + rect.height;
    if (page.shown.some(({ rect }) => inside(rect))) throw crossOriginFrame(browser.origins);
    if (!complete && !candidates.some((c) => c.clear && inside(c.rect))) throw crossOriginFrame(browser.origins);
  }
}

function crossOriginFrame(origins: readonly string[]): ScanError {
  // Named only when the browser saw exactly one other origin: then it is that one.
  const only = origins.length === 1 && origins[0] !== 'null' ? origins[0]! : null;
  const host = only === null ? null : safeHost(only);
  return new ScanError(
    'cross_origin_frame',
    `This QR code is inside a frame from another site${host ? ` (${host})` : ''}; open that site directly to scan it. Nothing was saved.`,
  );
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host || null;
  } catch {
    return null;
  }
}
