/**
 * <two-factor-settings api="/api/2fa">: the Two-Factor Authentication tab. Set up, Reset Token,
 * Disable and Regenerate recovery codes, each in a modal <dialog>, following the README's main journey.
 */
import type { Enrollment, StatusResponse } from '../../shared/protocol/two-factor-api';
import type { WidgetErrorCode } from './api-client';
import { emit } from './events';
import { format, type Messages } from './messages';
import { CodeField, isThrottled, ProblemView } from './parts';
import { qrPath } from './qr-path';
import { TwoFactorElement } from './two-factor-element';

type Confirmation = 'reset' | 'disable' | 'regenerate';

/** The open modal, if any. */
type Dialog =
  | { kind: 'setup'; enrollment: Enrollment; replacing: boolean }
  | { kind: Confirmation }
  | { kind: 'codes'; codes: string[]; saved: boolean };

export class TwoFactorSettingsElement extends TwoFactorElement {
  /** The server's answer to `GET {api}`; null while loading. */
  status: StatusResponse | null = null;
  #dialog: Dialog | null = null;
  /** Identifies the dialog content that got initial focus, to move focus only when it changes. */
  #focused: unknown = null;
  #opener: HTMLElement | null = null;
  #copied = '';
  #qr: { id: string; size: number; d: string } | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.status) void this.#load();
  }

  /** A new `api` means another server: load its status (the first load is connectedCallback's). */
  override attributeChangedCallback(name?: string, before?: string | null, after?: string | null): void {
    super.attributeChangedCallback();
    if (name === 'api' && before !== null && before !== after && this.isConnected) {
      this.status = null;
      void this.#load();
    }
  }

  #load = () =>
    this.run(async () => {
      this.status = await this.client.status();
    });

  #open(dialog: Dialog, opener?: EventTarget | null): void {
    if (opener) this.#opener = opener as HTMLElement;
    this.#dialog = dialog;
    this.#copied = '';
    this.resetField();
    this.update();
  }

  /** Closes the modal; a set-up modal closed before its Confirm drops the pending enrolment. */
  #close = (dropPending = true): void => {
    const dialog = this.#dialog;
    if (!dialog || (dialog.kind === 'codes' && !dialog.saved)) return;
    const dropped = dropPending && dialog.kind === 'setup' ? this.client.cancel(dialog.enrollment.id).catch(() => {}) : null;
    this.#dialog = null;
    this.resetField();
    void Promise.resolve(dropped).then(() => this.#refresh());
    this.shadowRoot!.querySelector('dialog')?.close();
    this.update();
    const target = this.#opener?.isConnected ? this.#opener : this.shadowRoot!.querySelector<HTMLElement>('[part~=base] button');
    target?.focus();
  };

  /** After a change, ask the server what is true now (recovery codes left); keep the local view on failure. */
  #refresh(): void {
    this.client.status().then((status) => {
      this.status = status;
      this.update();
    }, () => {});
  }

  #enroll = (request: { restart?: boolean; code?: string }, replacing: boolean) =>
    this.run(async () => {
      this.#open({ kind: 'setup', enrollment: await this.client.enroll(request), replacing });
    });

  #submit = (event: Event): void => {
    event.preventDefault();
    const dialog = this.#dialog;
    const code = this.field.code.trim();
    if (!dialog || isThrottled(this.problem)) return;
    if (dialog.kind === 'setup') {
      void this.run(async () => {
        const result = await this.client.confirm(dialog.enrollment.id, code);
        const left = result.recoveryCodes?.length ?? this.status?.recoveryCodesLeft ?? 0;
        this.status = { state: 'enabled', enabledAt: result.enabledAt, pendingEnrollment: null, recoveryCodesLeft: left };
        emit(this, dialog.replacing ? 'two-factor-reset' : 'two-factor-enabled', { enabledAt: result.enabledAt });
        if (result.recoveryCodes) this.#open({ kind: 'codes', codes: result.recoveryCodes, saved: false });
        else this.#close(false);
      });
    } else if (dialog.kind === 'reset') {
      void this.#enroll({ code }, true);
    } else if (dialog.kind === 'disable') {
      void this.run(async () => {
        await this.client.disable(code);
        this.status = { state: 'disabled', enabledAt: null, pendingEnrollment: null, recoveryCodesLeft: 0 };
        emit(this, 'two-factor-disabled', {});
        this.#close();
      });
    } else if (dialog.kind === 'regenerate') {
      void this.run(async () => {
        const { recoveryCodes } = await this.client.regenerate(code);
        this.status = { ...this.status!, recoveryCodesLeft: recoveryCodes.length };
        this.#open({ kind: 'codes', codes: recoveryCodes, saved: false });
      });
    }
  };

  /** An expired enrolment: a first set-up gets a new QR; a reset asks for a current code again. */
  #renew = (): void => {
    const dialog = this.#dialog;
    if (dialog?.kind !== 'setup') return;
    if (dialog.replacing) this.#open({ kind: 'reset' });
    else void this.#enroll({ restart: true }, false);
  };

  #copy(what: string, text: string): void {
    navigator.clipboard?.writeText(text).then(() => {
      this.#copied = what;
      this.update();
    }, () => {});
  }

  #download(codes: string[]): void {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([codes.join('\n') + '\n'], { type: 'text/plain' }));
    link.download = `${location.hostname || 'recovery'}-recovery-codes.txt`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  protected override failed(code: WidgetErrorCode): void {
    if (code === 'invalid_code' || code === 'bad_request') this.selectCode();
    // The state changed elsewhere (another tab, support): show what is true now.
    if (code === 'already_enabled' || code === 'not_enabled') {
      this.#dialog = null;
      this.status = null;
      void this.#load();
    }
  }

  protected override rendered(): void {
    const dialog = this.shadowRoot!.querySelector('dialog');
    if (dialog && !dialog.open) dialog.showModal();
    const key = this.#dialog && ('enrollment' in this.#dialog ? this.#dialog.enrollment.id : this.#dialog.kind);
    if (dialog && key !== this.#focused) dialog.querySelector<HTMLElement>('[data-initial=true]')?.focus();
    this.#focused = key;
  }

  protected view() {
    const t = this.messages;
    const { status, problem } = this;
    const dialog = this.#dialog;
    return (
      <section part="base" aria-labelledby="tf-heading" aria-busy={this.busy}>
        <h2 id="tf-heading" part="heading">
          {t.heading}
        </h2>
        {!status ? (
          !problem && <p role="status">{t.loading}</p>
        ) : status.state === 'enabled' ? (
          <>
            <p part="status" role="status">
              {t.enabled}
            </p>
            <p>{format(t.codesLeft, { n: status.recoveryCodesLeft })}</p>
            <div class="row">
              {(['reset', 'regenerate', 'disable'] as const).map((kind) => (
                <button key={kind} type="button" part="button" onClick={(e) => this.#open({ kind }, e.currentTarget)}>
                  {kind === 'reset' ? t.resetToken : kind === 'regenerate' ? t.regenerateTitle : t.disableTitle}
                </button>
              ))}
            </div>
          </>
        ) : (
          <>
            <p part="status">{t.off}</p>
            <button
              type="button"
              part="button primary"
              onClick={(e) => {
                this.#opener = e.currentTarget;
                void this.#enroll({}, false);
              }}
            >
              {t.setUp}
            </button>
          </>
        )}
        {!dialog && <ProblemView t={t} problem={problem} retry={() => void this.retry()} />}
        {dialog && (
          <dialog
            part="dialog"
            aria-labelledby="tf-dialog-title"
            onCancel={(e) => {
              e.preventDefault();
              this.#close();
            }}
            onClose={(e) => {
              // A second Escape closes the dialog natively: keep our state in step.
              if (this.#dialog === dialog) dialog.kind === 'codes' && !dialog.saved ? e.currentTarget.showModal() : this.#close();
            }}
          >
            {this.#dialogView(t, dialog)}
          </dialog>
        )}
      </section>
    );
  }

  #dialogView(t: Messages, dialog: Dialog) {
    const title = (text: string) => (
      <h2 id="tf-dialog-title" part="dialog-title">
        {text}
      </h2>
    );
    const problem = <ProblemView t={t} problem={this.problem} retry={() => void this.retry()} />;
    const field = (allowRecovery: boolean, digits?: number) => (
      <CodeField
        t={t}
        field={this.field}
        digits={digits}
        allowRecovery={allowRecovery}
        autofocus={!allowRecovery}
        onChange={(field) => {
          this.field = field;
          this.update();
        }}
      />
    );
    const actions = (label: string, part: string) => (
      <div part="actions">
        <button type="button" part="button" data-initial={dialog.kind !== 'setup'} onClick={() => this.#close()}>
          {t.cancel}
        </button>
        <button type="submit" part={`button ${part}`} disabled={isThrottled(this.problem)}>
          {label}
        </button>
      </div>
    );

    if (dialog.kind === 'codes') {
      return (
        <div class="grid">
          {title(t.codesTitle)}
          <p>{t.codesText}</p>
          <ol part="recovery-codes">
            {dialog.codes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ol>
          <div class="row">
            <button type="button" part="button" data-initial onClick={() => this.#copy('codes', dialog.codes.join('\n'))}>
              {this.#copied === 'codes' ? t.copied : t.copy}
            </button>
            <button type="button" part="button" onClick={() => this.#download(dialog.codes)}>
              {t.download}
            </button>
          </div>
          <label>
            <input
              type="checkbox"
              checked={dialog.saved}
              onChange={(e) => {
                dialog.saved = e.currentTarget.checked;
                this.update();
              }}
            />
            {t.saved}
          </label>
          <div part="actions">
            <button type="button" part="button primary" disabled={!dialog.saved} onClick={() => this.#close()}>
              {t.done}
            </button>
          </div>
        </div>
      );
    }

    if (dialog.kind === 'setup') {
      const { enrollment } = dialog;
      if (this.#qr?.id !== enrollment.id) this.#qr = { id: enrollment.id, ...qrPath(enrollment.otpauthUri) };
      const { size, d } = this.#qr;
      const expired = this.problem?.code === 'enrollment_expired' || this.problem?.code === 'enrollment_not_found';
      return (
        <form onSubmit={this.#submit}>
          {title(dialog.replacing ? t.resetToken : t.setUp)}
          <p>{t.scan}</p>
          <svg part="qr" role="img" aria-label={format(t.qr, enrollment)} viewBox={`0 0 ${size} ${size}`} shape-rendering="crispEdges">
            <path d={d} />
          </svg>
          <p>
            <strong>{enrollment.issuer}</strong> {enrollment.account}
          </p>
          <details part="manual-key">
            <summary>{t.cantScan}</summary>
            <p>{t.manualKey}</p>
            <div class="row">
              <code>{enrollment.secret.match(/.{1,4}/g)?.join(' ')}</code>
              <button type="button" part="button" onClick={() => this.#copy('key', enrollment.secret)}>
                {this.#copied === 'key' ? t.copied : t.copy}
              </button>
            </div>
          </details>
          {field(false, enrollment.digits)}
          {problem}
          {expired && (
            <button type="button" part="button" onClick={this.#renew}>
              {t.newQr}
            </button>
          )}
          {actions(t.confirm, 'primary')}
        </form>
      );
    }

    const [heading, text, action, part] =
      dialog.kind === 'reset'
        ? [t.resetToken, t.resetText, t.reset, 'primary']
        : dialog.kind === 'disable'
          ? [t.disableTitle, t.disableText, t.disable, 'danger']
          : [t.regenerateTitle, t.regenerateText, t.regenerate, 'primary'];
    return (
      <form onSubmit={this.#submit}>
        {title(heading)}
        <p>{text}</p>
        {field(true)}
        {problem}
        {actions(action, part)}
      </form>
    );
  }
}
