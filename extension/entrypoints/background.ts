/** Background service worker: wiring only (DESIGN.md, "Extension inside"). */
import { createHandlers } from '../background/handlers';
import { installAutomation } from '../background/automation';
import { startHousekeeping } from '../background/housekeeping';
import { createRoute, routeFromSender } from '../background/route-message';
import { createServices } from '../background/services';
import { listenForMessages } from '../messaging';
import { installScanTriggers } from '../scan/scan-triggers';

export default defineBackground(() => {
  const services = createServices();
  const route = createRoute(createHandlers(services));
  listenForMessages(routeFromSender(route));
  installAutomation(route);
  installScanTriggers(services.scan);
  startHousekeeping(services.vault);
});
