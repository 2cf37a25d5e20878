/**
 * What the extension's in-page scan UI sends back to the background when the user acts (the
 * `scan.answer` message): a choice among several codes, "save anyway" after the issuer
 * warning, a dragged rectangle, or cancel. Rectangles are CSS pixels of the top frame's
 * viewport; the background checks every answer against the flow it stored for that tab.
 */

export type ScanRect = { x: number; y: number; width: number; height: number };

/** The part of the page the user sees, in CSS pixels (offset: pinch zoom; usually 0). */
export type ScanViewport = { width: number; height: number; offsetX: number; offsetY: number };

export type ScanAnswer =
  | { kind: 'choose'; index: number }
  | { kind: 'confirm' }
  | { kind: 'select'; rect: ScanRect; viewport: ScanViewport }
  | { kind: 'cancel' };
