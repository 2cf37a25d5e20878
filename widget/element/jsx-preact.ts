/**
 * Preact JSX typings for both tags. Apps that bundle get them with
 * `import type {} from '<path>/widget/element/jsx-preact'` (or through index.ts, which
 * references it).
 */
import type { HTMLAttributes } from 'preact';
import type { TwoFactorChallengeProps, TwoFactorSettingsProps } from './element-props';

type Base = Omit<HTMLAttributes<HTMLElement>, 'lang'>;

declare module 'preact' {
  namespace JSX {
    interface IntrinsicElements {
      'two-factor-settings': Base & TwoFactorSettingsProps;
      'two-factor-challenge': Base & TwoFactorChallengeProps;
    }
  }
}
