/**
 * Google Authenticator exports: a public vector, every field of the schema, and each way a
 * payload can be wrong, each with its own code and message.
 */
import { describe, expect, it } from 'vitest';
import { BinaryWriter, WireType, base64Encode } from '@bufbuild/protobuf/wire';
import { decodeMigrationPayload, decodeMigrationUri, MigrationError } from '../../../shared/migration';

/** Writes one OtpParameters record field by field, so tests can forge what no encoder writes. */
function account(fields: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  fields(w);
  return w.finish();
}

function payload(accounts: Uint8Array[], extra?: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  for (const a of accounts) w.tag(1, WireType.LengthDelimited).bytes(a);
  w.tag(2, WireType.Varint).int32(1);
  extra?.(w);
  return w.finish();
}

const HELLO = new Uint8Array([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef]); // JBSWY3DPEHPK3PXP

function basic(w: BinaryWriter, overrides: { algorithm?: number; digits?: number; type?: number; counter?: bigint } = {}) {
  w.tag(1, WireType.LengthDelimited).bytes(HELLO);
  w.tag(2, WireType.LengthDelimited).string('alice@example.com');
  w.tag(3, WireType.LengthDelimited).string('Example');
  w.tag(4, WireType.Varint).int32(overrides.algorithm ?? 1);
  w.tag(5, WireType.Varint).int32(overrides.digits ?? 1);
  w.tag(6, WireType.Varint).int32(overrides.type ?? 2);
  if (overrides.counter !== undefined) w.tag(7, WireType.Varint).int64(overrides.counter);
}

function uriOf(bytes: Uint8Array): string {
  return 'otpauth-migration://offline?data=' + encodeURIComponent(base64Encode(bytes));
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(MigrationError);
    return (error as MigrationError).code;
  }
  throw new Error('expected a MigrationError');
}

describe('decodeMigrationUri', () => {
  it('reads the widely published example export (name with issuer prefix, TOTP)', () => {
    const decoded = decodeMigrationUri(
      'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC',
    );
    expect(decoded.accounts).toEqual([
      {
        index: 0,
        params: { type: 'totp', secret: 'JBSWY3DPEHPK3PXP', algorithm: 'SHA1', digits: 6, period: 30, counter: 0, issuer: 'Example', account: 'alice@google.com' },
      },
    ]);
    expect(decoded.batch).toEqual({ id: 0, index: 0, size: 1 });
    expect(decoded.invalid).toEqual([]);
  });

  it('maps every algorithm, both digit counts, HOTP counters and UTF-8 names', () => {
    const bytes = payload(
      [
        account((w) => basic(w, { algorithm: 2, digits: 2 })),
        account((w) => basic(w, { algorithm: 3 })),
        account((w) => basic(w, { type: 1, counter: 9_007_199_254_740_991n })),
        account((w) => {
          w.tag(1, WireType.LengthDelimited).bytes(HELLO);
          w.tag(2, WireType.LengthDelimited).string('山田 太郎');
          w.tag(3, WireType.LengthDelimited).string('Bänk 🔐');
        }),
      ],
      (w) => w.tag(3, WireType.Varint).int32(3).tag(4, WireType.Varint).int32(1).tag(5, WireType.Varint).int32(-123456),
    );
    const decoded = decodeMigrationUri(uriOf(bytes));
    expect(decoded.batch).toEqual({ id: -123456, index: 1, size: 3 });
    expect(decoded.version).toBe(1);
    expect(decoded.accounts.map((a) => [a.params.algorithm, a.params.digits, a.params.type, a.params.counter])).toEqual([
      ['SHA256', 8, 'totp', 0],
      ['SHA512', 6, 'totp', 0],
      ['SHA1', 6, 'hotp', 9_007_199_254_740_991],
      ['SHA1', 6, 'totp', 0],
    ]);
    expect(decoded.accounts[3]?.params).toMatchObject({ issuer: 'Bänk 🔐', account: '山田 太郎', period: 30 });
  });

  it('refuses MD5 accounts by name and keeps the others', () => {
    const decoded = decodeMigrationPayload(payload([account((w) => basic(w, { algorithm: 4 })), account((w) => basic(w))]));
    expect(decoded.accounts.map((a) => a.index)).toEqual([1]);
    expect(decoded.invalid).toEqual([
      expect.objectContaining({ index: 0, issuer: 'Example', name: 'alice@example.com', code: 'md5_unsupported', message: expect.stringContaining('MD5') }),
    ]);
  });

  it('names unknown enum values, empty secrets and HOTP counters out of range', () => {
    const decoded = decodeMigrationPayload(
      payload([
        account((w) => basic(w, { algorithm: 9 })),
        account((w) => basic(w, { digits: 7 })),
        account((w) => basic(w, { type: 5 })),
        account((w) => w.tag(2, WireType.LengthDelimited).string('no secret')),
        account((w) => basic(w, { type: 1, counter: -1n })),
        account((w) => {
          w.tag(1, WireType.LengthDelimited).bytes(new Uint8Array([1, 2, 3]));
          w.tag(2, WireType.LengthDelimited).string('short');
        }),
      ]),
    );
    expect(decoded.accounts).toEqual([]);
    expect(decoded.invalid.map((p) => p.code)).toEqual(['bad_algorithm', 'bad_digits', 'bad_type', 'bad_account', 'bad_account', 'bad_secret']);
    for (const p of decoded.invalid) expect(p.message.length).toBeGreaterThan(20);
  });

  it('leaves out an account with an unknown field, naming the field', () => {
    const decoded = decodeMigrationPayload(
      payload([
        account((w) => {
          basic(w);
          w.tag(8, WireType.Varint).int32(60);
        }),
        account((w) => basic(w)),
      ]),
    );
    expect(decoded.accounts.map((a) => a.index)).toEqual([1]);
    expect(decoded.invalid[0]).toMatchObject({ index: 0, code: 'unknown_field', message: expect.stringContaining('field 8') });
  });

  it('refuses a payload with an unknown top-level field', () => {
    const bytes = payload([account((w) => basic(w))], (w) => w.tag(9, WireType.LengthDelimited).string('encrypted?'));
    expect(codeOf(() => decodeMigrationPayload(bytes))).toBe('unknown_field');
    expect(() => decodeMigrationPayload(bytes)).toThrow(/field 9/);
  });

  it('refuses known fields sent with the wrong wire type, naming the field', () => {
    const nameAsNumber = payload([account((w) => w.tag(1, WireType.LengthDelimited).bytes(HELLO).tag(2, WireType.Varint).int32(5))]);
    expect(codeOf(() => decodeMigrationPayload(nameAsNumber))).toBe('wrong_wire_type');
    expect(() => decodeMigrationPayload(nameAsNumber)).toThrow(/field "name" \(number 2\)/);

    const accountsAsNumber = new BinaryWriter().tag(1, WireType.Varint).int32(7).finish();
    expect(() => decodeMigrationPayload(accountsAsNumber)).toThrow(/field "otp_parameters"/);

    const versionAsFixed = new BinaryWriter().tag(2, WireType.Bit32).fixed32(1).finish();
    expect(codeOf(() => decodeMigrationPayload(versionAsFixed))).toBe('wrong_wire_type');
  });

  it('refuses truncated and damaged payloads', () => {
    const good = payload([account((w) => basic(w)), account((w) => basic(w))]);
    for (let cut = 1; cut < good.length; cut++) {
      const truncated = good.subarray(0, cut);
      let result: unknown;
      try {
        result = decodeMigrationPayload(truncated);
      } catch (error) {
        expect(error).toBeInstanceOf(MigrationError);
        expect(['bad_protobuf', 'wrong_wire_type']).toContain((error as MigrationError).code);
        continue;
      }
      // A cut exactly between two records is a valid, shorter payload.
      expect(result).toHaveProperty('accounts');
    }
    expect(codeOf(() => decodeMigrationPayload(new Uint8Array([0x0a, 0x50, 0x01])))).toBe('bad_protobuf');
    expect(codeOf(() => decodeMigrationPayload(new Uint8Array([0x00])))).toBe('bad_protobuf');
  });

  it('refuses invalid UTF-8 in names as a damaged payload', () => {
    const bad = payload([account((w) => w.tag(1, WireType.LengthDelimited).bytes(HELLO).tag(2, WireType.LengthDelimited).bytes(new Uint8Array([0xc3, 0x28])))]);
    expect(codeOf(() => decodeMigrationPayload(bad))).toBe('bad_protobuf');
  });

  it('refuses impossible batch numbers', () => {
    const bytes = payload([account((w) => basic(w))], (w) => w.tag(3, WireType.Varint).int32(2).tag(4, WireType.Varint).int32(2));
    expect(codeOf(() => decodeMigrationPayload(bytes))).toBe('bad_batch');
    expect(() => decodeMigrationPayload(bytes)).toThrow(/QR code 3 of 2/);
  });

  it('tells other addresses and broken data apart', () => {
    expect(codeOf(() => decodeMigrationUri('otpauth://totp/x?secret=JBSWY3DPEHPK3PXP'))).toBe('not_migration');
    expect(codeOf(() => decodeMigrationUri('otpauth-migration://online?data=AA'))).toBe('not_migration');
    expect(codeOf(() => decodeMigrationUri('otpauth-migration://offline'))).toBe('bad_data');
    expect(codeOf(() => decodeMigrationUri('otpauth-migration://offline?data='))).toBe('bad_data');
    expect(codeOf(() => decodeMigrationUri('otpauth-migration://offline?data=%%'))).toBe('bad_data');
    expect(codeOf(() => decodeMigrationUri('otpauth-migration://offline?data=ab$c'))).toBe('bad_data');
    expect(codeOf(() => decodeMigrationUri('otpauth-migration://offline?data=A&data=B'))).toBe('bad_data');
    expect(codeOf(() => decodeMigrationUri('otpauth-migration://offline?data=' + 'A'.repeat(300 * 1024)))).toBe('too_long');
  });

  it('accepts what copying does to the data: spaces for plus signs, URL-safe base64, no padding', () => {
    const bytes = payload([account((w) => basic(w))]);
    const b64 = base64Encode(bytes);
    const variants = [b64.replace(/\+/g, ' '), base64Encode(bytes, 'url'), b64.replace(/=+$/, ''), `  ${uriOf(bytes)}\n`];
    for (const v of variants) {
      const uri = v.startsWith(' ') ? v : 'otpauth-migration://offline?data=' + v;
      expect(decodeMigrationUri(uri).accounts).toHaveLength(1);
    }
  });
});
