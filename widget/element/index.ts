/**
 * The widget's entry: defines <two-factor-settings> and <two-factor-challenge> (once, so a page
 * that loads the script twice keeps working) and exports their classes and types for apps
 * that bundle. `dist/widget/two-factor.js` is this module built by `npm run build:widget`.
 */
import { TwoFactorChallengeElement } from './challenge-element';
import { TwoFactorSettingsElement } from './settings-element';
import type {} from './jsx-preact';

export { TwoFactorChallengeElement, TwoFactorSettingsElement };
export { TwoFactorApiError, type WidgetErrorCode } from './api-client';
export type * from './events';
export type * from './element-props';
export { MESSAGES, type Messages } from './messages';

declare global {
  interface HTMLElementTagNameMap {
    'two-factor-settings': TwoFactorSettingsElement;
    'two-factor-challenge': TwoFactorChallengeElement;
  }
}

for (const [name, element] of [
  ['two-factor-settings', TwoFactorSettingsElement],
  ['two-factor-challenge', TwoFactorChallengeElement],
] as const) {
  if (!customElements.get(name)) customElements.define(name, element);
}
