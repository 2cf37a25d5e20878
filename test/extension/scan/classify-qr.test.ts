/** classifyQr: what a QR code holds, and the message a user gets for anything unusable. */
import { describe, expect, it } from 'vitest';
import { classifyQr } from '../../../extension/scan/classify-qr';
import { ScanError } from '../../../extension/scan/scan-error';

describe('classifyQr', () => {
  it('parses an otpauth:// account', () => {
    const content = classifyQr('otpauth://totp/Acme:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Acme');
    expect(content).toMatchObject({ kind: 'otpauth', params: { issuer: 'Acme', account: 'alice@example.com', secret: 'JBSWY3DPEHPK3PXP' } });
  });

  it('recognises a Google Authenticator export', () => {
    expect(classifyQr('otpauth-migration://offline?data=CjEK').kind).toBe('migration');
  });

  it.each([
    ['https://acme.example/help', 'not_otpauth', /^\[not_otpauth\] This QR code holds a web address, not an authenticator code/],
    ['Hello from the conference!', 'not_otpauth', /^\[not_otpauth\] This QR code is plain text/],
    ['WIFI:S:guest;T:WPA;P:secret;;', 'not_otpauth', /^\[not_otpauth\] This QR code is not an authenticator code/],
    ['otpauth://totp/Acme:bob?secret=NOT-BASE32!!', 'bad_uri', /^\[bad_uri\] This QR code holds an authenticator address that cannot be used: .*base32/],
    ['otpauth://totp/Acme:bob?issuer=Acme', 'bad_uri', /^\[bad_uri\] .*no secret key/],
    ['otpauth://sms/Acme:bob?secret=JBSWY3DPEHPK3PXP', 'bad_uri', /^\[bad_uri\] .*not an OTP type/],
  ])('refuses %j with [%s]', (text, code, message) => {
    const content = classifyQr(text);
    expect(content.kind).toBe('unusable');
    const error = (content as { error: ScanError }).error;
    expect(error).toBeInstanceOf(ScanError);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/Nothing was saved\.$/);
  });
});
