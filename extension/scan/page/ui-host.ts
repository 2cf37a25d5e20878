/**
 * The in-page scan UI's home: the extension's in-page host (in-page/in-page-host.ts: a closed
 * shadow root, a constructable stylesheet, a host style the page cannot override). It goes
 * into the page's open modal dialog when there is one, wherever it sits (the rest of the page
 * is inert then: a chooser outside the dialog could not be clicked).
 */
import type { ShadowRootReader } from '../../in-page/dom-roots';
import { createInPageHost, HOST_TAG, type InPageHost } from '../../in-page/in-page-host';
import { walkElements } from './walk-elements';

const CSS = `
* { box-sizing: border-box; }
.layer { position: fixed; inset: 0; pointer-events: none; font: 14px/1.4 system-ui, sans-serif; color: #1f2328; }
.card { pointer-events: auto; background: #fff; color: #1f2328; border: 1px solid #8a8f98; border-radius: 8px;
  box-shadow: 0 8px 24px rgb(0 0 0 / .25); padding: 16px; }
.toast { position: absolute; top: 16px; right: 16px; max-width: min(360px, calc(100vw - 32px)); display: flex; gap: 8px; align-items: start; }
.toast.error { border-color: #cf222e; }
.toast.success { border-color: #1a7f37; }
.dialog { position: absolute; top: 16px; right: 16px; width: min(380px, calc(100vw - 32px)); }
h2 { font-size: 16px; margin: 0 0 8px; }
p { margin: 0 0 12px; }
.actions { display: flex; flex-direction: column; gap: 8px; }
button { font: inherit; padding: 8px 12px; border-radius: 6px; border: 1px solid #8a8f98; background: #f6f8fa; color: inherit; cursor: pointer; text-align: left; }
button.primary { background: #0969da; border-color: #0969da; color: #fff; }
button:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
.close { margin-left: auto; padding: 0 6px; border: 0; background: transparent; }
.select { position: fixed; inset: 0; pointer-events: auto; cursor: crosshair; background: rgb(0 0 0 / .35); outline: none; }
.hint { position: absolute; top: 16px; left: 50%; transform: translateX(-50%); max-width: calc(100vw - 32px); }
.box { position: absolute; border: 2px dashed #fff; outline: 2px solid #0969da; background: rgb(255 255 255 / .15); }
@media (prefers-color-scheme: dark) {
  .layer, .card { color: #e6edf3; }
  .card { background: #161b22; border-color: #6e7681; }
  button { background: #21262d; border-color: #6e7681; }
}
`;

let current: { host: InPageHost; anchor: Element; layer: HTMLElement } | null = null;

/**
 * Dispatched on the layer when the page tampered with our host and the layer moved into a fresh
 * one (in-page-host.ts): whatever the layer shows must count as just shown.
 */
export const REHOSTED_EVENT = 'pfa-rehosted';

/** Whether `element` is the extension's own in-page UI (scan's or fill's), which candidate search skips. */
export function isOwnUi(element: Element): boolean {
  return element.localName === HOST_TAG;
}

/** The element the scan UI draws into, creating the host on first use (or when a modal opened). */
export function uiLayer(doc: Document, readShadowRoot: ShadowRootReader): HTMLElement {
  const anchor = openModal(doc, readShadowRoot) ?? doc.body ?? doc.documentElement;
  if (current?.host.host.isConnected && current.anchor === anchor) return current.layer;
  current?.host.remove();
  const layer = doc.createElement('div');
  layer.className = 'layer';
  current = { host: hostFor(anchor, layer), anchor, layer };
  return layer;
}

/** A fresh host holding `layer`; when the page touches it, the layer moves into another fresh one. */
function hostFor(anchor: Element, layer: HTMLElement): InPageHost {
  const host = createInPageHost(anchor, CSS, {
    onTampered() {
      if (current?.host !== host) return;
      current.host = hostFor(anchor, layer);
      host.remove();
      layer.dispatchEvent(new Event(REHOSTED_EVENT));
    },
  });
  host.place(0, 0);
  host.root.append(layer);
  return host;
}

/** Removes everything the scan UI shows. Returns whether anything was on screen. */
export function removeUi(): boolean {
  const shown = !!current?.host.host.isConnected && !!current.layer.firstChild;
  current?.host.remove();
  current = null;
  return shown;
}

function openModal(doc: Document, readShadowRoot: ShadowRootReader): Element | null {
  let modal: Element | null = null;
  const everything = { x: -1e9, y: -1e9, width: 2e9, height: 2e9 };
  walkElements(doc, { readShadowRoot, frames: false, clip: everything }, (element) => {
    if (element.localName === 'dialog' && element.matches(':modal')) modal = element;
  });
  return modal;
}
