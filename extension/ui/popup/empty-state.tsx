/** What a new user sees: how enrolment works with this extension. */
export function EmptyState() {
  return (
    <section class="empty-state" aria-labelledby="empty-title">
      <h2 id="empty-title">No accounts yet</h2>
      <p>To turn on two-factor authentication for a site:</p>
      <ol>
        <li>Open the site's security settings and start setting up an authenticator app, so the QR code shows.</li>
        <li>Click <strong>Scan QR code on this page</strong>. The account is saved for that site and its code filled in.</li>
        <li>Confirm on the site.</li>
      </ol>
      <p class="muted">No QR code? Use <strong>Add manually</strong> with the setup key the site shows under “Can't scan it?”.</p>
    </section>
  );
}
