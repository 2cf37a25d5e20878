/**
 * Where `<two-factor-challenge redirect>` may send the browser: only an http(s) address on the
 * page's own origin. A `redirect` often comes from a `?next=` parameter the site copied into its
 * markup; following anything else would turn the sign-in step into an open redirect, or run a
 * `javascript:` URL with the freshly signed-in session.
 */

/**
 * `value` resolved against the page (`document.baseURI`, as a link would be), as an absolute
 * href, when it is http(s) on `location.origin`; otherwise null.
 */
export function safeRedirect(value: string, page: { baseURI: string; origin: string } = { baseURI: document.baseURI, origin: location.origin }): string | null {
  let url: URL;
  try {
    url = new URL(value, page.baseURI);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.origin === page.origin ? url.href : null;
}
