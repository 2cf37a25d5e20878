/**
 * View pieces both elements use: the code field with its recovery-code switch, and the
 * problem line (what went wrong, what to do next).
 */
import type { ComponentChild } from 'preact';
import type { WidgetErrorCode } from './api-client';
import type { CodeState, Problem } from './two-factor-element';
import { format, type Messages } from './messages';

type CodeFieldProps = {
  t: Messages;
  field: CodeState;
  onChange(field: CodeState): void;
  /** Offer "Use a recovery code instead" (not while confirming a new token). */
  allowRecovery: boolean;
  digits?: number;
  /** Where the field sits in a dialog that focuses its first input on open. */
  autofocus?: boolean;
};

/**
 * A one-time-code input (digits only; pasted spaces and dashes are dropped) or, after the
 * switch, a separate recovery-code input that password managers and the extension leave alone.
 */
export function CodeField({ t, field, onChange, allowRecovery, digits = 6, autofocus }: CodeFieldProps): ComponentChild {
  return (
    <>
      {field.recovery ? (
        <label key="recovery" part="label">
          {t.recoveryCode}
          <input
            part="input"
            name="recovery-code"
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            required
            data-initial={autofocus}
            value={field.code}
            onInput={(e) => onChange({ ...field, code: e.currentTarget.value })}
          />
        </label>
      ) : (
        <label key="code" part="label">
          {t.code}
          <input
            part="input"
            name="one-time-code"
            autocomplete="one-time-code"
            inputmode="numeric"
            pattern={`[0-9]{${digits}}`}
            required
            data-initial={autofocus}
            value={field.code}
            onInput={(e) => {
              const code = e.currentTarget.value.replace(/\D/g, '').slice(0, digits);
              e.currentTarget.value = code;
              onChange({ ...field, code });
            }}
          />
        </label>
      )}
      {allowRecovery && (
        <button type="button" part="link" onClick={() => onChange({ code: '', recovery: !field.recovery })}>
          {field.recovery ? t.useApp : t.useRecovery}
        </button>
      )}
    </>
  );
}

/** True while a throttled problem still forbids another attempt. */
export function isThrottled(problem: Problem | null): boolean {
  return problem?.code === 'throttled' && problem.until > Date.now();
}

/** Which text explains which failure; anything else is the server's fault. */
const PROBLEM_TEXT: Partial<Record<WidgetErrorCode, keyof Messages>> = {
  invalid_code: 'wrongCode',
  bad_request: 'wrongCode',
  throttled: 'throttled',
  locked: 'locked',
  enrollment_expired: 'expired',
  enrollment_not_found: 'expired',
  reauthentication_required: 'reauth',
  unauthenticated: 'signedOut',
  network_error: 'offline',
};

/** The problem's sentence, plus "Try again" where retrying is what helps. */
export function ProblemView({ t, problem, retry }: { t: Messages; problem: Problem | null; retry(): void }): ComponentChild {
  if (!problem) return null;
  const key = PROBLEM_TEXT[problem.code] ?? 'serverError';
  const text = format(t[key], { n: Math.max(0, Math.ceil((problem.until - Date.now()) / 1000)) });
  return (
    <div part="error" class="row">
      <p role="alert">{text}</p>
      {(key === 'offline' || key === 'serverError') && (
        <button type="button" part="button" onClick={retry}>
          {t.tryAgain}
        </button>
      )}
    </div>
  );
}
