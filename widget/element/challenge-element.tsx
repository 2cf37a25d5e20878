/**
 * <two-factor-challenge api="/api/2fa" redirect="/">: the sign-in step after the password.
 * Posts the code (or a recovery code) to `{api}/verify`, emits `two-factor-verified`, then
 * follows `redirect` unless a listener called `preventDefault()`.
 */
import { emit } from './events';
import { CodeField, isThrottled, ProblemView } from './parts';
import { TwoFactorElement } from './two-factor-element';

export class TwoFactorChallengeElement extends TwoFactorElement {
  #submit = (event: Event): void => {
    event.preventDefault();
    if (isThrottled(this.problem)) return;
    const code = this.field.code.trim();
    void this.run(async () => {
      await this.client.verify(code);
      const redirect = this.getAttribute('redirect');
      if (emit(this, 'two-factor-verified', { redirect }) && redirect) location.assign(redirect);
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
