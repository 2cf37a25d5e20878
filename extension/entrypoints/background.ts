/** Background service worker: wiring only (docs/architecture.md). */
import { createHandlers } from '../background/handlers';
import { installAutomation } from '../background/automation';
import { startHousekeeping } from '../background/housekeeping';
import { createRoute, routeFromSender } from '../background/route-message';
import { createServices } from '../background/services';
import { showLockStateOnToolbar } from '../background/toolbar-state';
import { listenForMessages } from '../messaging';
import { onScanSaved } from '../scan/after-scan';
import { installScanTriggers } from '../scan/scan-triggers';
import { installSyncTriggers } from '../sync/sync-triggers';

export default defineBackground(() => {
  const services = createServices();
  // The toolbar button shows whether the vault is locked; lock messages refresh it.
  const route = showLockStateOnToolbar(services.vault, createRoute(createHandlers(services)));
  listenForMessages(routeFromSender(route));
  installAutomation(route);
  installScanTriggers(services.scan);
  // After a scan: fill the enrolment's confirmation code into the page it came from.
  onScanSaved((context) => services.fill?.afterScan(context));
  startHousekeeping(services.vault);
  if (services.sync) installSyncTriggers(services.sync);
});
