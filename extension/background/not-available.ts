/**
 * For tests of other features: a scan service that fails honestly with `not_available`.
 * (A missing fill service is `Services.fill` left out: its messages answer the same way.)
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import type { ScanService } from '../scan/scan-service';

const noScanning = async (): Promise<never> => {
  throw new AuthenticatorError('not_available', 'Scanning QR codes is not part of this build. Use "Add manually" with the setup key instead.');
};

/** For tests of other features: a scan service that refuses every call. */
export const scanNotAvailable: ScanService = { scan: noScanning, answer: noScanning, image: noScanning };
