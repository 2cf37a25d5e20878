/** Sign in (email + password) and Create account. */
import { html } from 'hono/html';
import { errorLine, layout } from './layout';

export function signInPage(input: { email?: string; error?: string; notice?: string } = {}) {
  return layout({
    title: 'Sign in',
    body: html`<section class="card narrow" aria-labelledby="heading">
  <h1 id="heading">Sign in</h1>
  ${input.notice ? html`<p class="notice" role="status">${input.notice}</p>` : ''}
  ${errorLine(input.error)}
  <form method="post" action="/sign-in" class="stack">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required value="${input.email ?? ''}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">Sign in</button>
  </form>
  <p>New here? <a href="/sign-up">Create an account</a>.</p>
</section>`,
  });
}

export function signUpPage(input: { email?: string; name?: string; error?: string } = {}) {
  return layout({
    title: 'Create an account',
    body: html`<section class="card narrow" aria-labelledby="heading">
  <h1 id="heading">Create an account</h1>
  ${errorLine(input.error)}
  <form method="post" action="/sign-up" class="stack">
    <label for="name">Name</label>
    <input id="name" name="name" autocomplete="name" required maxlength="100" value="${input.name ?? ''}">
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${input.email ?? ''}">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="200" aria-describedby="password-hint">
    <p class="hint" id="password-hint">At least 8 characters.</p>
    <button type="submit">Create account</button>
  </form>
  <p>Already have an account? <a href="/sign-in">Sign in</a>.</p>
</section>`,
  });
}
