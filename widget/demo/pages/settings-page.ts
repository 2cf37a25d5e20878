/**
 * Personal Settings with two tabs, Profile and Two-Factor Authentication. Tabs are links (they
 * work without scripts); demo.js turns them into ARIA tabs that switch without a reload. The
 * second tab holds `<two-factor-settings>`, and a password dialog for the widget's
 * `two-factor-reauth-required` event.
 */
import { html } from 'hono/html';
import type { DemoUser } from '../demo-accounts';
import { layout } from './layout';

export type SettingsTab = 'profile' | 'two-factor';

export function settingsPage(user: DemoUser, tab: SettingsTab) {
  const tabLink = (id: SettingsTab, label: string) =>
    html`<a role="tab" id="tab-${id}" href="/settings?tab=${id}" aria-controls="panel-${id}" aria-selected="${String(tab === id)}">${label}</a>`;
  return layout({
    title: 'Personal Settings',
    user,
    widget: true,
    body: html`<h1>Personal Settings</h1>
<div class="tabs" role="tablist" aria-label="Personal Settings">
  ${tabLink('profile', 'Profile')}
  ${tabLink('two-factor', 'Two-Factor Authentication')}
</div>
<section class="card" role="tabpanel" id="panel-profile" aria-labelledby="tab-profile" ${tab === 'profile' ? '' : html`hidden`}>
  <dl class="profile">
    <dt>Name</dt><dd>${user.name}</dd>
    <dt>Email</dt><dd>${user.email}</dd>
    <dt>Member since</dt><dd>${new Date(user.createdAt).toISOString().slice(0, 10)}</dd>
  </dl>
</section>
<section class="card" role="tabpanel" id="panel-two-factor" aria-labelledby="tab-two-factor" ${tab === 'two-factor' ? '' : html`hidden`}>
  <two-factor-settings api="/api/2fa">
    <p class="error">The two-factor widget did not load. Build it with <code>npm run build:widget</code> and reload this page.</p>
  </two-factor-settings>
</section>
<dialog id="reauth-dialog" aria-labelledby="reauth-heading">
  <form method="dialog" id="reauth-form" class="stack">
    <h2 id="reauth-heading">Confirm your password</h2>
    <p>For your security, enter your password again to change two-factor settings.</p>
    <p class="error" role="alert" id="reauth-error" hidden></p>
    <label for="reauth-password">Password</label>
    <input id="reauth-password" name="password" type="password" autocomplete="current-password" required>
    <div class="actions">
      <button type="button" class="secondary" id="reauth-cancel">Cancel</button>
      <button type="submit">Confirm</button>
    </div>
  </form>
</dialog>`,
  });
}
