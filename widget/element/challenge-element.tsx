/**
 * <two-factor-challenge api="/api/2fa" redirect="/">: the sign-in step after the password.
 * Posts the code (or a recovery code) to `{api}/verify`, emits `two-factor-verified`, then
 * follows `redirect` unless a listener called `preventDefault()`. A `redirect` that is not an
 * http(s) address on this page's origin is never followed: the element stays and emits
 * `two-factor-error` with code `bad_redirect`.
 */
import { emit } from './events';
import { CodeField, isThrottled, ProblemView } from './parts';
import { safeRedirect } from './safe-redirect';
import { TwoFactorElement } from './two-factor-element';

export class TwoFactorChallengeElement extends TwoFactorElement {
  #submit = (event: Event): void => {
    event.preventDefault();
    if (isThrottled(this.problem)) return;
    const code = this.field.code.trim();
    void this.run(async () => {
      await this.client.verify(code);
      const asked = this.getAttribute('redirect') || null;
      const redirect = asked === null ? null : safeRedirect(asked);
      const follow = emit(this, 'two-factor-verified', { redirect });
      // The code was right (the session moved on); only the address is refused.
      if (asked !== null && redirect === null) emit(this, 'two-factor-error', { code: 'bad_redirect', status: 0 });
      else if (follow && redirect) location.assign(redirect);
    });
  };

  protected override failed(): void {
    this.selectCode();
  }

  protected view() {
    const t = this.messages;
    return (
      <form part="base" aria-labelledby="tf-heading" aria-busy={this.busy} onSubmit={this.#submit}>
        <h2 id="tf-heading" part="heading">
          {t.challengeTitle}
        </h2>
        <p>{t.challengeText}</p>
        <CodeField
          t={t}
          field={this.field}
          allowRecovery
          onChange={(field) => {
            this.field = field;
            this.update();
          }}
        />
        <ProblemView t={t} problem={this.problem} retry={() => void this.retry()} />
        <div part="actions">
          <button type="submit" part="button primary" disabled={isThrottled(this.problem)}>
            {t.verify}
          </button>
        </div>
      </form>
    );
  }
}
