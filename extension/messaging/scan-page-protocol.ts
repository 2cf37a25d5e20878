/** The in-page scan UI's vocabulary: the questions it shows and the tone of its messages. */
import type { ScanAnswer } from '../../shared/protocol/scan';

export type { ScanAnswer };

/** A question the page shows in its dialog; Esc and the Cancel button answer `cancel`. */
export type PromptSpec = {
  title: string;
  message: string;
  actions: Array<{ label: string; answer: ScanAnswer }>;
};

export type ToastTone = 'success' | 'error' | 'info';
