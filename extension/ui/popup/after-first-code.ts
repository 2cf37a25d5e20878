/**
 * The popup's first paint comes first: work whose cost grows with the vault (the whole list,
 * the fill panel's account lists) waits until the first codes are on screen, so the service
 * worker answers the visible rows' codes before anything else.
 */

/** Set once the first codes (or an empty list) are on screen; the popup benchmark reads it. */
export const READY_MARK = 'authenticator:popup-ready';

/** Resolves once the first codes are painted (READY_MARK), or after `ms` at the latest. */
export function afterFirstCode(ms = 1000): Promise<void> {
  return new Promise((resolve) => {
    const shown = () => performance.getEntriesByName(READY_MARK).length > 0;
    if (shown()) return resolve();
    const timer = setTimeout(resolve, ms);
    const check = () => {
      if (!shown()) return void requestAnimationFrame(check);
      clearTimeout(timer);
      resolve();
    };
    requestAnimationFrame(check);
  });
}
