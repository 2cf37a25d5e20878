/**
 * Filling happens in the top frame and in frames of the same origin as the top frame only
 * (README, "Filling codes: what gets filled where"): a cross-origin frame (an ad, a widget, or a login page framed
 * by someone else's page) gets nothing. The background checks the same from the sender.
 */
export function isTopOrSameOriginFrame(view: Window): boolean {
  if (view === view.top) return true;
  try {
    // Reading another origin's location throws: that is the answer.
    return view.top !== null && view.top.location.origin === view.location.origin;
  } catch {
    return false;
  }
}
