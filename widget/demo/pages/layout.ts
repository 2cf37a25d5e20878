/** The demo's page frame: header with the signed-in user and Sign out, one main landmark. */
import { html } from 'hono/html';
import type { DemoUser } from '../demo-accounts';

export const SITE_NAME = 'Acme Demo';

export type Page = {
  title: string;
  user?: DemoUser | null;
  /** Load the widget bundle (pages that embed a two-factor element). */
  widget?: boolean;
  body: unknown;
};

export function layout({ title, user, widget, body }: Page) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${SITE_NAME}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/demo.css">
${widget ? html`<script type="module" src="/two-factor.js"></script>` : ''}
<script type="module" src="/demo.js"></script>
</head>
<body>
<header class="site-header">
  <a class="brand" href="/">${SITE_NAME}</a>
  ${
    user
      ? html`<nav aria-label="Account">
    <a href="/settings">Personal Settings</a>
    <span class="who">${user.email}</span>
    <form method="post" action="/sign-out"><button type="submit" class="link">Sign out</button></form>
  </nav>`
      : ''
  }
</header>
<main id="main">
${body}
</main>
</body>
</html>`;
}

/** An error line announced to screen readers, or nothing. */
export function errorLine(message: string | undefined, id = 'form-error') {
  return message ? html`<p class="error" role="alert" id="${id}">${message}</p>` : '';
}
