/**
 * Checks on message data: every message is parsed at the boundary, so handlers work with
 * the types the protocol promises. Failures are `bad_request` naming the field.
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';

export function objectData(data: unknown, message: string): Record<string, unknown> {
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw bad(`"${message}" expects an object.`);
  return data as Record<string, unknown>;
}

export function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw bad(`"${field}" must be text.`);
  return value;
}

export function textOrNull(value: unknown, field: string): string | null {
  return value === null || value === undefined ? null : text(value, field);
}

export function flag(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw bad(`"${field}" must be true or false.`);
  return value;
}

export function optionalFlag(value: unknown, field: string): boolean | undefined {
  return value === undefined ? undefined : flag(value, field);
}

/** A timestamp in ms, or undefined for "now". */
export function optionalTime(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw bad(`"${field}" must be a time in milliseconds since 1970.`);
  return value;
}

export function optionalTabId(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || (value as number) < 0) throw bad(`"${field}" must be a tab id (a whole number).`);
  return value as number;
}

export function textList(value: unknown, field: string, max = 10_000): string[] {
  if (!Array.isArray(value) || value.length > max || !value.every((v) => typeof v === 'string')) {
    throw bad(`"${field}" must be a list of at most ${max} ids.`);
  }
  return value as string[];
}

function bad(message: string): AuthenticatorError {
  return new AuthenticatorError('bad_request', message);
}
