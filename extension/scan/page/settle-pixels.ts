/**
 * Makes sure a capture will show what the page lists. Right after a load or a tab switch the
 * browser can present frames without the candidates' pixels: images still loading or not yet
 * decoded (Chrome paints a frame without an image whose decoding is not done and adds it in a
 * later frame), CSS backgrounds not painted, a compositor that has not yet drawn the tab just
 * brought forward. A capture taken then answers "no QR code" for a page that shows one (seen
 * 2-3 times in 15 on a 2x display, 3 in 72 after a tab switch).
 *
 * So before the capture that counts, this waits, within a time limit, for the document to
 * finish loading, for every image and CSS background image the listed candidates (and the
 * page's own images in view) show to be loaded and decoded, and then for two presented frames.
 * It says whether the page was already settled: loaded and visible for a while with nothing
 * pending, so that a capture started before asking shows it as listed.
 */

import { SETTLED_AFTER_MS } from '../../messaging/scan-page-protocol';

/** The most this waits for pixels: the scan's own limits (10 s a capture) stay the bound. */
export const PIXELS_WAIT_MS = 3000;

/** Resolves after the next two frames (a frame is painted), or 150 ms where frames stall. */
export function painted(doc: Document): Promise<void> {
  const win = doc.defaultView;
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 150);
    win?.requestAnimationFrame(() => win.requestAnimationFrame(() => (clearTimeout(timer), resolve())));
  });
}

/**
 * Waits until `elements` (the candidates in view) can be captured as they are. Returns true
 * when nothing had to be waited for and the page had been loaded and visible for
 * SETTLED_AFTER_MS: a capture begun before this call is then as good as one begun after it.
 */
export async function settlePixels(doc: Document, elements: readonly Element[], waitMs = PIXELS_WAIT_MS): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  let pending = false;
  if (doc.readyState !== 'complete') {
    pending = true;
    await within(loadOf(doc), deadline);
  }
  const waits: Promise<unknown>[] = [];
  const seen = new Set<string>();
  for (const element of [...elements, ...imagesInView(doc)]) {
    if (element.localName === 'img' && 'decode' in element) {
      const image = element as HTMLImageElement;
      if (seen.has(image.currentSrc || image.src) && image.complete) continue;
      seen.add(image.currentSrc || image.src);
      if (!image.complete || image.naturalWidth === 0) pending = true;
      waits.push(image.decode());
      continue;
    }
    for (const url of backgroundUrls(element)) {
      if (seen.has(url)) continue;
      seen.add(url);
      // The same URL shares the element's request and its decoded picture in the memory cache.
      const probe = new (doc.defaultView ?? window).Image();
      probe.src = url;
      if (!probe.complete) pending = true;
      waits.push(probe.decode());
    }
  }
  // A picture that fails to load shows nothing however long we wait: not ours to report.
  await within(Promise.allSettled(waits), deadline);
  if (!pending && shownFor(doc) >= SETTLED_AFTER_MS) return true;
  await painted(doc);
  return false;
}

/** How long the page has been loaded and visible, in ms (Infinity where the browser cannot say when it became visible). */
function shownFor(doc: Document): number {
  const perf = doc.defaultView?.performance;
  if (!perf) return 0;
  const navigation = perf.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  const loaded = navigation?.loadEventEnd ?? 0;
  if (loaded === 0) return 0;
  // Chrome 115+ records visibility changes; elsewhere only the load time is known.
  const visible = perf.getEntriesByType('visibility-state').filter((e) => e.name === 'visible');
  const shownAt = Math.max(loaded, visible.at(-1)?.startTime ?? 0);
  return perf.now() - shownAt;
}

/** The document's own images that intersect the viewport and are not lazily deferred out of it. */
function imagesInView(doc: Document): HTMLImageElement[] {
  const win = doc.defaultView;
  if (!win) return [];
  return Array.from(doc.images).filter((image) => {
    if (image.complete && image.naturalWidth > 0) return false;
    const box = image.getBoundingClientRect();
    return box.bottom > 0 && box.right > 0 && box.top < win.innerHeight && box.left < win.innerWidth;
  });
}

function backgroundUrls(element: Element): string[] {
  const style = element.ownerDocument.defaultView?.getComputedStyle(element).backgroundImage ?? 'none';
  return Array.from(style.matchAll(/url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)\s]*))\s*\)/g), (m) => m[1] ?? m[2] ?? m[3] ?? '').filter((u) => u !== '');
}

function loadOf(doc: Document): Promise<void> {
  return new Promise((resolve) => doc.defaultView?.addEventListener('load', () => resolve(), { once: true }));
}

function within(promise: Promise<unknown>, deadline: number): Promise<unknown> {
  const left = Math.max(0, deadline - Date.now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, left)))]).finally(() => clearTimeout(timer));
}
