/**
 * The scan's page agent, injected on demand into a tab's top frame by the background
 * (scan/call-scan-page.ts); never declared as a content script. Wiring only.
 */
import { defaultShadowRootReader } from '../in-page/dom-roots';
import { sendMessage } from '../messaging';
import { AGENT_KEY } from '../messaging/scan-page-protocol';
import { createScanPageAgent } from '../scan/page/scan-page-agent';

export default defineUnlistedScript(() => {
  const scope = globalThis as unknown as Record<string, unknown>;
  if (scope[AGENT_KEY]) return;
  scope[AGENT_KEY] = createScanPageAgent(document, defaultShadowRootReader(), (flowId, answer) => {
    // Errors of the flow are shown by the background in the page itself; nothing to add here.
    void sendMessage('scan.answer', { flowId, answer }).catch(() => undefined);
  });
});
