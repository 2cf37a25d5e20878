/**
 * The events both elements emit: bubbling and composed (they leave the shadow root), typed in
 * GlobalEventHandlersEventMap. No detail ever carries a secret, a code or a recovery code.
 */
import type { WidgetErrorCode } from './api-client';

export type TwoFactorEnabledDetail = { enabledAt: string };
export type TwoFactorResetDetail = { enabledAt: string };
export type TwoFactorDisabledDetail = Record<string, never>;
/**
 * `redirect`: the absolute address the challenge will follow (the `redirect` attribute resolved
 * against the page), or null when there is none or it was refused (not http(s) on this origin).
 */
export type TwoFactorVerifiedDetail = { redirect: string | null };
export type TwoFactorReauthRequiredDetail = Record<string, never>;
export type TwoFactorErrorDetail = { code: WidgetErrorCode; status: number };

export interface TwoFactorEventMap {
  'two-factor-enabled': CustomEvent<TwoFactorEnabledDetail>;
  'two-factor-reset': CustomEvent<TwoFactorResetDetail>;
  'two-factor-disabled': CustomEvent<TwoFactorDisabledDetail>;
  /** Cancelable: `preventDefault()` keeps the challenge from following `redirect`. */
  'two-factor-verified': CustomEvent<TwoFactorVerifiedDetail>;
  /** The site asks for the password again, then calls `element.retry()`. */
  'two-factor-reauth-required': CustomEvent<TwoFactorReauthRequiredDetail>;
  'two-factor-error': CustomEvent<TwoFactorErrorDetail>;
}

declare global {
  interface GlobalEventHandlersEventMap extends TwoFactorEventMap {}
}

/** Dispatches one of the widget's events from `target`; returns false when it was canceled. */
export function emit<K extends keyof TwoFactorEventMap>(
  target: EventTarget,
  type: K,
  detail: TwoFactorEventMap[K]['detail'],
): boolean {
  return target.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, cancelable: true, detail }));
}
