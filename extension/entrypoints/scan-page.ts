/**
 * The scan's page agent, injected on demand into a tab's top frame by the background
 * (scan/call-scan-page.ts); never declared as a content script. Wiring only.
 */
import { browser } from 'wxt/browser';
import { AGENT_KEY, createScanPageAgent } from '../scan/page/scan-page-agent';
import { shadowRootOf } from '../scan/page/shadow-root-of';

export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as Record<string, unknown>;
  if (scope[AGENT_KEY]) return;
  scope[AGENT_KEY] = createScanPageAgent(document, shadowRootOf, (flowId, answer) => {
    void browser.runtime.sendMessage({ type: 'scan.answer', flowId, answer }).catch(() => undefined);
  });
});
