/**
 * `@phone-free/two-factor`: the server library without any database driver: `createTwoFactor`,
 * the in-memory store, and the public types. Stores live in their own entry points
 * (`/sqlite`, `/postgres`) so an app loads only the driver it uses.
 */
export { createTwoFactor, type TwoFactor, type TwoFactorOptions, type TwoFactorSession, type VerifyLoginResult } from '../server/create-two-factor';
export { memoryStore } from '../server/memory-store';
export type {
  TwoFactorStore,
  StoredFactor,
  StoredEnrollment,
  SaveEnrollmentResult,
  ThrottleGate,
  LockingGate,
  Throttled,
  Locked,
  ActivationInput,
  ActivationResult,
} from '../server/two-factor-store';
export type { TwoFactorEvent, TwoFactorEventType } from '../server/two-factor-event';
export { TwoFactorError, type TwoFactorErrorCode } from '../server/two-factor-error';
export { generateEncryptionKey } from '../server/secret-box';
export { DEFAULT_BASE_PATH, MAX_BODY_BYTES } from '../../shared/protocol/two-factor-api';
export type * from '../../shared/protocol/two-factor-api';
