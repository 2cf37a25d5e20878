/**
 * The elements' styles, adopted as one constructable stylesheet (no <style> tags, so a page
 * with `Content-Security-Policy: default-src 'self'` needs no 'unsafe-inline'). Sites theme
 * through the --two-factor-* custom properties and the documented parts.
 */
const css = `
:host{display:block;font:var(--two-factor-font,inherit);color:var(--two-factor-color,inherit)}
:host([hidden]){display:none}
[part~=base]{display:grid;gap:.75em;justify-items:start}
h2{font-size:1.25em;margin:0}
p{margin:0}
button{font:inherit;cursor:pointer;padding:.5em 1em;border-radius:var(--two-factor-radius,.375em);border:1px solid var(--two-factor-border-color,#8a8f98);background:var(--two-factor-background,#fff);color:var(--two-factor-color,#1f2328)}
button[part~=primary]{background:var(--two-factor-accent,#1f6feb);border-color:var(--two-factor-accent,#1f6feb);color:var(--two-factor-accent-text,#fff)}
button[part~=danger]{background:var(--two-factor-danger,#b42318);border-color:var(--two-factor-danger,#b42318);color:#fff}
form>button,button[part~=link]{justify-self:start}
button[part~=link]{border:0;background:none;padding:0;color:var(--two-factor-accent,#1f6feb);text-decoration:underline}
button:disabled{opacity:.6;cursor:default}
[aria-busy=true] [type=submit]{cursor:progress;opacity:.8}
button:focus-visible,input:focus-visible,summary:focus-visible{outline:2px solid var(--two-factor-accent,#1f6feb);outline-offset:2px}
dialog{max-width:min(30em,calc(100vw - 2em));padding:1.5em;border:1px solid var(--two-factor-border-color,#8a8f98);border-radius:var(--two-factor-radius,.5em);background:var(--two-factor-background,#fff);color:var(--two-factor-color,#1f2328);font:var(--two-factor-font,inherit)}
dialog::backdrop{background:rgb(0 0 0/.4)}
form,.grid{display:grid;gap:.75em}
label{display:grid;gap:.25em;font-weight:600}
label:has([type=checkbox]){display:flex;align-items:center;font-weight:400}
input:not([type]){font:inherit;font-size:1.25em;padding:.375em .5em;width:12ch;letter-spacing:.1em;border:1px solid var(--two-factor-border-color,#8a8f98);border-radius:var(--two-factor-radius,.375em)}
input[autocomplete=off]{width:100%;box-sizing:border-box}
svg{width:var(--two-factor-qr-size,11em);height:auto;justify-self:center;background:#fff}
code,ol{font-family:ui-monospace,monospace}
ol{columns:12em;column-gap:2em;margin:0;padding-left:2em}
[role=alert]{color:var(--two-factor-danger,#b42318);font-weight:600}
[part~=actions]{display:flex;flex-wrap:wrap;gap:.5em;justify-content:end}
.row{display:flex;gap:.5em;align-items:center;flex-wrap:wrap}
`;

let sheet: CSSStyleSheet | undefined;

/** The shared sheet, built once per document on first use. */
export function styles(): CSSStyleSheet {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}
