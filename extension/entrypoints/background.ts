/** Background service worker: wiring only (DESIGN.md, "Extension inside"). */
import { createHandlers } from '../background/handlers';
import { installAutomation } from '../background/automation';
import { startHousekeeping } from '../background/housekeeping';
import { createRoute, routeFromSender } from '../background/route-message';
import { createServices } from '../background/services';
import { listenForMessages } from '../messaging';
import { onScanSaved } from '../scan/after-scan';
import { installScanTriggers } from '../scan/scan-triggers';

export default defineBackground(() => {
  const services = createServices();
  const route = createRoute(createHandlers(services));
  listenForMessages(routeFromSender(route));
  installAutomation(route);
  installScanTriggers(services.scan);
  // After a scan: fill the enrolment's confirmation code into the page it came from.
  onScanSaved((context) => services.filling?.afterScan(context));
  startHousekeeping(services.vault);
});
