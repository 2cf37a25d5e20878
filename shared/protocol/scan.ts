/**
 * What the extension's in-page scan UI sends back to the background when the user acts (the
 * `scan.answer` message): a choice among several codes, "save anyway" after the issuer
 * warning, a dragged rectangle, or cancel. Rectangles are CSS pixels of the top frame's
 * viewport; the background checks every answer against the flow it stored for that tab.
 */

import type { Rect, Viewport } from '../geometry/rect';

export type ScanAnswer =
  | { kind: 'choose'; index: number }
  | { kind: 'confirm' }
  | { kind: 'select'; rect: Rect; viewport: Viewport }
  | { kind: 'cancel' };
