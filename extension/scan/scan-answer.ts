/**
 * What the in-page scan UI sends back to the background when the user acts: a choice among
 * several codes, "save anyway" after the issuer warning, a dragged rectangle, or cancel.
 * The background checks every answer against the flow it stored for that tab.
 */
import type { Rect, Viewport } from './crop-rect';

export type ScanAnswer =
  | { kind: 'choose'; index: number }
  | { kind: 'confirm' }
  | { kind: 'select'; rect: Rect; viewport: Viewport }
  | { kind: 'cancel' };

/** A question the page shows in its dialog; Esc and the Cancel button answer `cancel`. */
export type PromptSpec = {
  title: string;
  message: string;
  actions: Array<{ label: string; answer: ScanAnswer }>;
};

export type ToastTone = 'success' | 'error' | 'info';
