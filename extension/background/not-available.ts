/**
 * Placeholders for the features that land in their own issues (scan, fill). They fail
 * honestly with `not_available` until those modules replace them in services.ts.
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import type { FillResult } from '../../shared/protocol/automation';
import type { ScanService } from '../scan/scan-service';

const noScanning = async (): Promise<never> => {
  throw new AuthenticatorError('not_available', 'Scanning QR codes is not part of this build. Use "Add manually" with the setup key instead.');
};

/** For tests of other features: a scan service that refuses every call. */
export const scanNotAvailable: ScanService = { scan: noScanning, answer: noScanning, image: noScanning };

export async function fillNotAvailable(_tabId: number | undefined): Promise<FillResult> {
  throw new AuthenticatorError('not_available', 'Filling codes into pages is not part of this build yet. Copy the code from the popup instead.');
}
