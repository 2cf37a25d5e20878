/** Background service worker: wiring only. */
export default defineBackground(() => {
  // The vault, scan and fill services are registered here as their issues land.
});
