/** Popup entry: mounts the popup UI (wiring only). */
import { render } from 'preact';
import '../../ui/theme.css';
import '../../ui/popup/popup.css';
import { PopupApp, START_MARK } from '../../ui/popup/popup-app';

performance.mark(START_MARK);
const root = document.getElementById('app');
if (root) render(<PopupApp />, root);
