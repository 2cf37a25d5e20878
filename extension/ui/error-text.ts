/** What a person reads for an error: the actionable reason, without the `[code]` prefix. */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';

export function errorText(error: unknown): string {
  if (error instanceof AuthenticatorError) return error.reason;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function errorCode(error: unknown): string | null {
  return error instanceof AuthenticatorError || (error instanceof Error && typeof (error as { code?: unknown }).code === 'string')
    ? ((error as { code: string }).code)
    : null;
}
