/** Background service worker: wiring only (docs/architecture.md). */
import { browser } from 'wxt/browser';
import { createHandlers } from '../background/handlers';
import { installAutomation } from '../background/automation';
import { createOpenPages } from '../background/open-pages';
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
  // A closed popup's whole-list reads stop between slices instead of holding up the next popup.
  const openPages = createOpenPages();
  browser.runtime.onConnect.addListener((port) => openPages.connected(port));
  // The toolbar button shows whether the vault is locked; lock messages refresh it.
  const route = showLockStateOnToolbar(services.vault, createRoute(createHandlers(services), openPages.signalFor));
  listenForMessages(routeFromSender(route));
  installAutomation(route);
  installScanTriggers(services.scan);
  // After a scan: fill the enrolment's confirmation code into the page it came from.
  onScanSaved((context) => services.fill?.afterScan(context));
  startHousekeeping(services.vault);
  if (services.sync) installSyncTriggers(services.sync);
});
