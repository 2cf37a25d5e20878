/**
 * The site owner's two-factor server library: one web-standard `Request -> Response` handler
 * (mount it in Node, Hono, Next.js route handlers or workers), a few calls for the site's own
 * code, and the stores it runs on. See README "For site owners: the server".
 */
export { createTwoFactor, type TwoFactor, type TwoFactorOptions, type TwoFactorSession, type VerifyLoginResult } from './create-two-factor';
export { sqliteStore } from './sqlite-store';
export { memoryStore } from './memory-store';
export type {
  TwoFactorStore,
  StoredFactor,
  StoredEnrollment,
  ThrottleGate,
  LockingGate,
  Throttled,
  Locked,
  SaveEnrollmentResult,
  ActivationInput,
  ActivationResult,
} from './two-factor-store';
export type { TwoFactorEvent, TwoFactorEventType } from './two-factor-event';
export { TwoFactorError, type TwoFactorErrorCode } from './two-factor-error';
export { generateEncryptionKey } from './secret-box';
