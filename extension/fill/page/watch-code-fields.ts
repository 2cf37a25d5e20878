/**
 * One MutationObserver for the whole page (the document plus every shadow root met) that
 * notices code fields appearing later: a sign-in step rendered by a framework, a set-up
 * modal opening. Cheap on busy pages: mutations only mark the page dirty when they could
 * have added or revealed an input, and scans run at most once per `minIntervalMs`.
 */
import { defaultShadowRootReader, type ShadowRootReader } from '../../in-page/dom-roots';
import { findCodeFields, type CodeField, type FindOptions } from './find-code-fields';
import { HOST_TAG } from '../../in-page/in-page-host';

export type WatchOptions = Omit<FindOptions, 'onShadowRoot'> & {
  /** Least time between two scans (ms). The first scan after a quiet period runs at once. */
  minIntervalMs?: number;
};

export type CodeFieldWatcher = {
  /** Scans again soon (after an account was added, say). */
  rescan(): void;
  /** The code fields on the page right now. */
  current(): CodeField[];
  stop(): void;
};

/** Attributes whose change can show or hide a field. */
const ATTRIBUTES = ['class', 'style', 'hidden', 'open', 'type', 'aria-hidden', 'inert', 'disabled', 'readonly'];

export const DEFAULT_MIN_INTERVAL_MS = 100;

/**
 * Calls `onFields` after the first scan and after every change that could matter, with the
 * fields not reported before (often none) and all current ones.
 */
export function watchCodeFields(
  doc: Document,
  onFields: (added: CodeField[], all: CodeField[]) => void,
  options: WatchOptions = {},
): CodeFieldWatcher {
  const view = doc.defaultView!;
  const readShadowRoot = options.readShadowRoot ?? defaultShadowRootReader();
  const minInterval = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
  const reported = new WeakSet<HTMLInputElement>();
  const observed = new WeakSet<Node>();
  let timer: number | null = null;
  let lastScan = -Infinity;
  let stopped = false;
  let latest: CodeField[] = [];

  const observer = new view.MutationObserver((records) => {
    if (timer === null && records.some((record) => mayMatter(record, readShadowRoot))) schedule();
  });
  const observe = (target: Document | ShadowRoot) => {
    if (observed.has(target)) return;
    observed.add(target);
    observer.observe(target, { childList: true, subtree: true, attributes: true, attributeFilter: ATTRIBUTES });
  };

  const scan = () => {
    timer = null;
    if (stopped) return;
    lastScan = view.performance.now();
    latest = findCodeFields(doc, { ...options, readShadowRoot, onShadowRoot: observe });
    const added = latest.filter((field) => {
      const key = field.kind === 'single' ? field.input : field.inputs[0]!;
      if (reported.has(key)) return false;
      reported.add(key);
      return true;
    });
    onFields(added, latest);
  };
  function schedule() {
    if (stopped || timer !== null) return;
    const wait = Math.max(0, lastScan + minInterval - view.performance.now());
    timer = view.setTimeout(scan, wait);
  }
  // A field focused that we have not seen (revealed by CSS alone, say) is worth a look.
  const onFocus = (event: FocusEvent) => {
    const target = event.composedPath()[0] as Element | undefined;
    if (!target || target.nodeType !== 1) return;
    if ((target.localName === 'input' && !reported.has(target as HTMLInputElement)) || target.localName.includes('-')) schedule();
  };

  observe(doc);
  doc.addEventListener('focusin', onFocus, true);
  schedule();

  return {
    rescan() {
      // Forget what was reported so a newly allowed fill reaches fields already on the page.
      latest.forEach((field) => (field.kind === 'single' ? [field.input] : field.inputs).forEach((i) => reported.delete(i)));
      schedule();
    },
    current: () => latest,
    stop() {
      stopped = true;
      observer.disconnect();
      doc.removeEventListener('focusin', onFocus, true);
      if (timer !== null) view.clearTimeout(timer);
    },
  };
}

function mayMatter(record: MutationRecord, readShadowRoot: ShadowRootReader): boolean {
  if (record.type === 'attributes') {
    const target = record.target as Element;
    if (target.localName === HOST_TAG) return false; // our own button moving
    return target.localName === 'input' || target.localName.includes('-') || target.getElementsByTagName('input').length > 0;
  }
  for (let i = 0; i < record.addedNodes.length; i++) {
    const node = record.addedNodes[i]!;
    if (node.nodeType !== 1) continue;
    const element = node as Element;
    if (element.localName === HOST_TAG) continue; // our own fill button
    if (element.localName === 'input' || element.localName.includes('-') || element.getElementsByTagName('input').length > 0) {
      return true;
    }
    // Shadow content is invisible to getElementsByTagName; a host added with its root attached shows it here.
    if (readShadowRoot(element)) return true;
  }
  return false;
}
