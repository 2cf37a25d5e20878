/**
 * The in-page scan UI's home: one host element with a closed shadow root styled by a
 * constructable stylesheet, so page scripts can neither read, restyle nor click into it.
 * The host goes into the page's open modal dialog when there is one (the rest of the page is
 * inert then: a chooser outside the dialog could not be clicked), else into the top layer.
 */
import { walkElements, type ShadowRootOf } from './walk-elements';

export const HOST_TAG = 'phone-free-authenticator-scan';

const CSS = `
:host { all: initial; }
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

let sheet: CSSStyleSheet | null = null;
let host: HTMLElement | null = null;
let layer: HTMLElement | null = null;

/** Whether `element` is (inside) the scan UI, which candidate search must skip. */
export function isOwnUi(element: Element): boolean {
  return element.localName === HOST_TAG;
}

/** The shadow root's top element, creating and mounting the host on first use. */
export function uiLayer(doc: Document, shadowRootOf: ShadowRootOf): HTMLElement {
  const mount = mountPoint(doc, shadowRootOf);
  if (host && layer && host.isConnected && host.parentNode === mount) return layer;
  host?.remove();
  host = doc.createElement(HOST_TAG);
  // Inline !important beats any page rule: the page cannot hide or move the host.
  host.setAttribute(
    'style',
    'all: initial !important; position: fixed !important; inset: 0 !important; z-index: 2147483647 !important; ' +
      'pointer-events: none !important; display: block !important; margin: 0 !important; padding: 0 !important; ' +
      'border: 0 !important; background: transparent !important; width: auto !important; height: auto !important; overflow: visible !important;',
  );
  const root = host.attachShadow({ mode: 'closed' });
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  root.adoptedStyleSheets = [sheet];
  layer = doc.createElement('div');
  layer.className = 'layer';
  root.append(layer);
  mount.append(host);
  if (mount === doc.documentElement && 'showPopover' in host) {
    // The top layer puts the UI above every z-index and fullscreen element of the page.
    host.popover = 'manual';
    host.showPopover();
  }
  return layer;
}

/** Removes everything the scan UI shows. Returns whether anything was shown. */
export function removeUi(): boolean {
  const shown = !!host?.isConnected && !!layer?.firstChild;
  host?.remove();
  host = null;
  layer = null;
  return shown;
}

function mountPoint(doc: Document, shadowRootOf: ShadowRootOf): Element {
  let modal: Element | null = null;
  const everything = { x: -1e9, y: -1e9, width: 2e9, height: 2e9 };
  walkElements(doc, { shadowRootOf, frames: false, clip: everything }, (element) => {
    if (element.localName === 'dialog' && element.matches(':modal')) modal = element;
  });
  return modal ?? doc.documentElement;
}
