/**
 * The sign-in second step: `<two-factor-challenge>`, with a plain form inside it as light-DOM
 * fallback that only shows when the widget script did not load (the element then stays an
 * unknown element and renders its children). The form posts to the demo's own route, which
 * uses `verifyLogin`.
 */
import { html } from 'hono/html';
import { errorLine, layout } from './layout';

export function twoFactorStepPage(input: { error?: string } = {}) {
  return layout({
    title: 'Two-factor authentication',
    widget: true,
    body: html`<section class="card narrow" aria-labelledby="heading">
  <h1 id="heading">Sign in</h1>
  <two-factor-challenge api="/api/2fa" redirect="/settings">
    <form method="post" action="/sign-in/two-factor" class="stack" aria-labelledby="fallback-heading">
      <h2 id="fallback-heading">Two-factor authentication</h2>
      <p>Enter the 6-digit code from your authenticator app.</p>
      ${errorLine(input.error)}
      <label for="code">Authentication code</label>
      <input id="code" name="code" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9 ]*" maxlength="12" autofocus>
      <details>
        <summary>Use a recovery code instead</summary>
        <label for="recovery-code">Recovery code</label>
        <input id="recovery-code" name="recovery_code" autocomplete="off" autocapitalize="off" spellcheck="false" maxlength="40" aria-describedby="recovery-hint">
        <p class="hint" id="recovery-hint">One of the codes you saved when you turned on two-factor authentication, like 7k2m-9xqd-4hr8-wz3c. Each works once.</p>
      </details>
      <button type="submit">Verify</button>
    </form>
  </two-factor-challenge>
  <form method="post" action="/sign-out" class="aside"><button type="submit" class="link">Cancel and sign out</button></form>
</section>`,
  });
}
