/**
 * User settings: their defaults and the one parser every patch passes. A feature that needs
 * a setting adds it to `Settings` (shared/protocol/automation.ts) and a rule here.
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import type { Settings } from '../../shared/protocol/automation';

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  autoLockMinutes: 15,
  autoFill: true,
  submitAfterFill: false,
  fillConfirmationAfterScan: true,
  confirmImports: true,
});

export const MAX_AUTO_LOCK_MINUTES = 24 * 60;

type Rule = { check: (value: unknown) => boolean; expected: string };
const boolean: Rule = { check: (v) => typeof v === 'boolean', expected: 'true or false' };

const RULES: { [K in keyof Settings]: Rule } = {
  autoLockMinutes: {
    check: (v) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_AUTO_LOCK_MINUTES,
    expected: `a whole number of minutes from 0 (only when the browser restarts) to ${MAX_AUTO_LOCK_MINUTES}`,
  },
  autoFill: boolean,
  submitAfterFill: boolean,
  fillConfirmationAfterScan: boolean,
  confirmImports: boolean,
};

/**
 * `current` with `patch` applied.
 * @throws AuthenticatorError `bad_settings` naming the key for an unknown key or a bad value; nothing is applied then.
 */
export function applySettingsPatch(current: Settings, patch: unknown): Settings {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) {
    throw new AuthenticatorError('bad_settings', 'Settings must be given as an object of the keys to change.');
  }
  const next: Settings = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const rule = Object.hasOwn(RULES, key) ? RULES[key as keyof Settings] : undefined;
    if (!rule) {
      throw new AuthenticatorError('bad_settings', `"${key}" is not a setting. Known settings: ${Object.keys(RULES).join(', ')}.`);
    }
    if (!rule.check(value)) throw new AuthenticatorError('bad_settings', `"${key}" must be ${rule.expected}.`);
    (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

/** Stored settings over the defaults, ignoring anything stored that no longer passes its rule. */
export function settingsFrom(stored: Partial<Settings> | undefined): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(RULES) as Array<keyof Settings>) {
    const value = stored?.[key];
    if (value !== undefined && RULES[key].check(value)) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
