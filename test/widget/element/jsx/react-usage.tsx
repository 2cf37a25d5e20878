/** @jsxImportSource react */
/**
 * Type-level specification of the React JSX typings (this file compiles with React's JSX
 * runtime types), checked by `npm run typecheck`.
 */
import type {} from '../../../../widget/element/jsx-react';

export const settings = (
  <two-factor-settings
    api="/api/2fa"
    lang="fr"
    className="x"
    messages={{ disable: 'Turn off' }}
    ontwo-factor-disabled={(event) => event.type}
  />
);
export const challenge = <two-factor-challenge redirect="/home" ontwo-factor-verified={(event) => event.detail.redirect} />;
// @ts-expect-error api is a string
export const badApi = <two-factor-settings api={42} />;
// @ts-expect-error redirect belongs to the challenge only
export const badRedirect = <two-factor-settings redirect="/" />;
