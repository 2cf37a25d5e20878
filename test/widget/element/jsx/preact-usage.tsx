/**
 * Type-level specification of the Preact JSX typings, checked by `npm run typecheck`: right
 * usage compiles, and each @ts-expect-error line must stay an error.
 */
import type {} from '../../../../widget/element/jsx-preact';

export const settings = (
  <two-factor-settings
    api="/api/2fa"
    lang="de"
    part="x"
    messages={{ setUp: 'Turn on 2FA' }}
    ontwo-factor-enabled={(event) => event.detail.enabledAt.toUpperCase()}
    ontwo-factor-reauth-required={(event) => event.currentTarget}
  />
);
export const challenge = (
  <two-factor-challenge api="/api/2fa" redirect="/" ontwo-factor-verified={(event) => event.detail.redirect?.length} />
);
// @ts-expect-error api is a string
export const badApi = <two-factor-settings api={42} />;
// @ts-expect-error messages has no such text
export const badMessage = <two-factor-settings messages={{ nope: 'x' }} />;
// @ts-expect-error redirect belongs to the challenge only
export const badRedirect = <two-factor-settings redirect="/" />;
// @ts-expect-error the detail of two-factor-error has no secret
export const badDetail = <two-factor-settings ontwo-factor-error={(event) => event.detail.secret} />;
