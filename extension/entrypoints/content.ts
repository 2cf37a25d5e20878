/** Content script: wiring only. Fills one-time codes on http(s) pages (extension/fill). */
import { startContentFill } from '../fill/page/start-content-fill';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  allFrames: true,
  runAt: 'document_idle',
  main() {
    startContentFill();
  },
});
