/** The OTP core: key URIs, codes and secrets. Pure: no DOM, no extension API, no node:. */
export type { OtpParams, OtpType, OtpAlgorithm } from './otp-params';
export { MAX_KEY_URI_BYTES, MIN_DIGITS, MAX_DIGITS, MIN_PERIOD, MAX_PERIOD, DEFAULT_PERIOD, OTP_ALGORITHMS } from './otp-params';
export { KeyUriError, type KeyUriErrorCode } from './key-uri-error';
export { normalizeSecret } from './base32-secret';
export { parseKeyUri } from './parse-key-uri';
export { formatKeyUri } from './format-key-uri';
export { canonicalParams } from './canonical-params';
export { generateCode, codeAt } from './generate-code';
export { verifyCode, type VerifyOptions } from './verify-code';
export { generateSecret } from './generate-secret';
export { timeStep, stepEndsAt, movingFactor } from './time-step';
export { constantTimeEqual } from './constant-time-equal';
