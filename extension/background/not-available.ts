/**
 * Placeholders for the features that land in their own issues (scan, fill). They fail
 * honestly with `not_available` until those modules replace them in services.ts.
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import type { FillResult, ScanResult } from '../../shared/protocol/automation';

export async function scanNotAvailable(_tabId: number | undefined): Promise<ScanResult> {
  throw new AuthenticatorError('not_available', 'Scanning QR codes is not part of this build yet. Use "Add manually" with the setup key instead.');
}

export async function fillNotAvailable(_tabId: number | undefined): Promise<FillResult> {
  throw new AuthenticatorError('not_available', 'Filling codes into pages is not part of this build yet. Copy the code from the popup instead.');
}
