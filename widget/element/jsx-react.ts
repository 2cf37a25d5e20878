/**
 * React (19+) JSX typings for both tags: `import type {} from '<path>/widget/element/jsx-react'`
 * in a React app. Kept apart from index.ts so Preact apps need no React types.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { TwoFactorChallengeProps, TwoFactorSettingsProps } from './element-props';

type Base = Omit<DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement>, 'lang'>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'two-factor-settings': Base & TwoFactorSettingsProps;
      'two-factor-challenge': Base & TwoFactorChallengeProps;
    }
  }
}
