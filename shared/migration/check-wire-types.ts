/**
 * Wire-type check before decoding. protobuf-es trusts the schema when it reads a known field
 * and would read a varint where a string was sent; a forged or foreign payload must instead
 * fail with a message naming the field. Walks the bytes with the library's own BinaryReader
 * and the message descriptors; it never interprets values.
 */
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { BinaryReader, WireType } from '@bufbuild/protobuf/wire';
import { MigrationError } from './migration-error';

const WIRE_TYPE_NAMES: Record<number, string> = {
  [WireType.Varint]: 'a number (varint)',
  [WireType.Bit64]: 'a 64-bit value',
  [WireType.LengthDelimited]: 'text, bytes or a nested message',
  [WireType.StartGroup]: 'a group',
  [WireType.EndGroup]: 'a group end',
  [WireType.Bit32]: 'a 32-bit value',
};

/**
 * Throws `MigrationError('wrong_wire_type')` naming the first known field whose wire type
 * does not match `schema`, or `MigrationError('bad_protobuf')` when the bytes are damaged.
 */
export function checkWireTypes(schema: DescMessage, bytes: Uint8Array): void {
  const reader = new BinaryReader(bytes);
  try {
    walk(schema, reader, bytes.length, schema.name, 0);
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError('bad_protobuf', 'The export data is damaged or incomplete: it is not a readable Google Authenticator export. Scan or copy it again.', {
      cause: error,
    });
  }
}

function walk(schema: DescMessage, reader: BinaryReader, end: number, path: string, depth: number): void {
  if (depth > 8) throw new MigrationError('bad_protobuf', 'The export data nests deeper than any Google Authenticator export.');
  let element = 0;
  while (reader.pos < end) {
    const [fieldNo, wireType] = reader.tag();
    const field = schema.fields.find((f) => f.number === fieldNo);
    if (field === undefined) {
      reader.skip(wireType, fieldNo);
      continue; // Unknown fields are reported after decoding, with the account they sit in.
    }
    if (!expectedWireTypes(field).includes(wireType)) {
      throw new MigrationError(
        'wrong_wire_type',
        `The export data is malformed: field "${field.name}" (number ${field.number}) of ${path} holds ${WIRE_TYPE_NAMES[wireType] ?? 'an unknown wire type'}, not ${WIRE_TYPE_NAMES[expectedWireTypes(field)[0] ?? -1]}. It was not written by Google Authenticator.`,
      );
    }
    const nested = nestedMessage(field);
    if (nested !== undefined) {
      const length = reader.uint32();
      const nestedEnd = reader.pos + length;
      if (nestedEnd > end) throw new MigrationError('bad_protobuf', 'The export data is cut short: an account record runs past its end. Scan or copy it again.');
      walk(nested, reader, nestedEnd, `${path}.${field.name}[${element++}]`, depth + 1);
      continue;
    }
    reader.skip(wireType, fieldNo);
  }
  if (reader.pos !== end) throw new MigrationError('bad_protobuf', 'The export data is cut short: a record runs past its end. Scan or copy it again.');
}

function nestedMessage(field: DescField): DescMessage | undefined {
  if (field.fieldKind === 'message') return field.message;
  if (field.fieldKind === 'list' && field.listKind === 'message') return field.message;
  return undefined;
}

function expectedWireTypes(field: DescField): WireType[] {
  switch (field.fieldKind) {
    case 'message':
    case 'map':
      return [WireType.LengthDelimited];
    case 'enum':
      return [WireType.Varint];
    case 'scalar':
      return [scalarWireType(field.scalar)];
    case 'list':
      if (field.listKind === 'message') return [WireType.LengthDelimited];
      if (field.listKind === 'enum') return [WireType.Varint, WireType.LengthDelimited];
      // Packed repeated numbers arrive length-delimited too.
      return [scalarWireType(field.scalar), WireType.LengthDelimited];
  }
}

function scalarWireType(scalar: ScalarType): WireType {
  switch (scalar) {
    case ScalarType.STRING:
    case ScalarType.BYTES:
      return WireType.LengthDelimited;
    case ScalarType.DOUBLE:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64:
      return WireType.Bit64;
    case ScalarType.FLOAT:
    case ScalarType.FIXED32:
    case ScalarType.SFIXED32:
      return WireType.Bit32;
    default:
      return WireType.Varint;
  }
}
