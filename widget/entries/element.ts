/**
 * `@phone-free/two-factor/element`: importing it defines <two-factor-settings> and
 * <two-factor-challenge> (for apps that bundle), and brings the JSX typings of both tags for
 * Preact and React 19 (the React ones need `@types/react`, an optional peer).
 */
export * from '../element/index';
import '../element/jsx-preact';
import '../element/jsx-react';
