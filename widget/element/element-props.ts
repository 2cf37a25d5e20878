/**
 * The attributes, properties and event props of both elements as JSX sees them; the Preact and
 * React typings (jsx-preact.ts, jsx-react.ts) attach these to the tag names.
 */
import type { TwoFactorEventMap } from './events';
import type { Messages } from './messages';

/** `ontwo-factor-enabled={...}`: Preact and React 19 both add these as event listeners. */
export type TwoFactorEventProps = {
  [K in keyof TwoFactorEventMap as `on${K}`]?: (event: TwoFactorEventMap[K]) => void;
};

export type TwoFactorSettingsProps = TwoFactorEventProps & {
  /** Base path of the server library's handler; default `/api/2fa`. */
  api?: string;
  /** Language of the texts (`en`, `de`); default: the nearest `lang` in the page. */
  lang?: string;
  /** Overrides single texts. */
  messages?: Partial<Messages>;
};

export type TwoFactorChallengeProps = TwoFactorSettingsProps & {
  /**
   * Where to go after a verified code, unless a `two-factor-verified` listener prevents it:
   * resolved against the page and followed only when it is http(s) on the page's origin
   * (else `two-factor-error` with code `bad_redirect`, and the page stays).
   */
  redirect?: string;
};
