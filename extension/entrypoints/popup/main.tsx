/** Popup entry: mounts the popup UI (wiring only). */
import { render } from 'preact';
import { holdOpenPagePort } from '../../messaging/open-page-port';
import '../../ui/theme.css';
import '../../ui/popup/popup.css';
import { PopupApp, START_MARK } from '../../ui/popup/popup-app';

performance.mark(START_MARK);
// Held while the popup is open: when it closes, the worker stops the whole-list reads it asked for.
holdOpenPagePort();
const root = document.getElementById('app');
if (root) render(<PopupApp />, root);
