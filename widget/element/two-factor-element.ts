/**
 * What both elements share: an open shadow root with the adopted stylesheet, Preact rendering
 * of the element's state, the `api` and `lang` attributes, the `messages` property, and one
 * way to run a request (busy flag, problem shown, events emitted, `retry()` re-runs it).
 */
import { render, type ComponentChild } from 'preact';
import { DEFAULT_BASE_PATH } from '../../shared/protocol/two-factor-api';
import { apiClient, TwoFactorApiError, type WidgetErrorCode } from './api-client';
import { emit } from './events';
import { messagesFor, type Messages } from './messages';
import { styles } from './styles';

/** A failed request as the view shows it; `until` (ms epoch) for throttling. */
export type Problem = { code: WidgetErrorCode; until: number };

/** The state of the code field (one-time code, or recovery code after the switch). */
export type CodeState = { code: string; recovery: boolean };

export abstract class TwoFactorElement extends HTMLElement {
  static observedAttributes = ['api', 'lang'];

  #overrides: Partial<Messages> | undefined;
  #lastAction: (() => Promise<void>) | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  protected busy = false;
  protected problem: Problem | null = null;
  protected field: CodeState = { code: '', recovery: false };

  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).adoptedStyleSheets = [styles()];
  }

  /** The texts in use: the table for `lang` (this element's, else the nearest ancestor's), plus overrides. */
  get messages(): Messages {
    return messagesFor(this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || 'en', this.#overrides);
  }

  /** Overrides any subset of the texts, e.g. `{ setUp: 'Turn on 2FA' }`. */
  set messages(overrides: Partial<Messages>) {
    this.#overrides = overrides;
    this.update();
  }

  protected get client() {
    return apiClient(this.getAttribute('api') ?? DEFAULT_BASE_PATH);
  }

  protected abstract view(): ComponentChild;

  /** Called after each render: focus moves, selections. */
  protected rendered(): void {}

  /** Called after a failed request, once the problem is shown. */
  protected failed(_code: WidgetErrorCode): void {}

  connectedCallback(): void {
    // A `messages` set before the element was defined sits on the instance, hiding the accessor.
    if (Object.hasOwn(this, 'messages')) {
      const early = this.messages;
      delete (this as { messages?: unknown }).messages;
      this.#overrides = early;
    }
    this.update();
  }

  disconnectedCallback(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  attributeChangedCallback(): void {
    this.update();
  }

  /** Runs the request that failed last again: after re-authentication, or from "Try again". */
  retry(): Promise<void> {
    return this.#lastAction ? this.run(this.#lastAction) : Promise.resolve();
  }

  protected update(): void {
    if (!this.isConnected) return;
    render(this.view(), this.shadowRoot!);
    this.rendered();
  }

  /** Runs one request at a time; a failure becomes `problem` and an event, never a throw. */
  protected async run(action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.#lastAction = action;
    this.busy = true;
    this.problem = null;
    this.update();
    try {
      await action();
      this.#lastAction = null;
    } catch (error) {
      const e = error instanceof TwoFactorApiError ? error : new TwoFactorApiError('internal_error', 0, 0, { cause: error });
      this.problem = { code: e.code, until: Date.now() + e.retryAfter * 1000 };
      if (e.code === 'throttled') this.#tick();
      if (e.code === 'reauthentication_required') emit(this, 'two-factor-reauth-required', {});
      else emit(this, 'two-factor-error', { code: e.code, status: e.status });
      this.busy = false;
      this.update();
      this.failed(e.code);
      return;
    }
    this.busy = false;
    this.update();
  }

  /** Re-renders every second while throttled, so the countdown moves and ends. */
  #tick(): void {
    this.#timer ??= setInterval(() => {
      if (this.problem?.code !== 'throttled' || Date.now() >= this.problem.until) {
        if (this.problem?.code === 'throttled') this.problem = null;
        clearInterval(this.#timer);
        this.#timer = undefined;
      }
      this.update();
    }, 1000);
  }

  /** Clears the code field and any problem (a new dialog, a switch to a recovery code). */
  protected resetField(recovery = false): void {
    this.field = { code: '', recovery };
    this.problem = null;
  }

  /** Selects the typed code so the next attempt replaces it. */
  protected selectCode(): void {
    this.shadowRoot!.querySelector('input')?.select();
  }
}
