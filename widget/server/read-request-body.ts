/**
 * The one strict parser for request bodies: JSON only (415), at most `MAX_BODY_BYTES` (413,
 * counted while reading, whatever Content-Length claims), an object with exactly the fields the
 * endpoint knows, each of the right type (400). Nothing is changed before a body passes.
 */
import { MAX_BODY_BYTES } from '../../shared/protocol/two-factor-api';
import { ApiError } from './api-error';

/** The longest `code` accepted: a recovery code with generous spacing is ~25 characters. */
const MAX_CODE_CHARS = 64;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export type BodyShape = 'create-enrollment' | 'code' | 'none';

export type ParsedBody = { code?: string; restart?: boolean };

/** Reads and checks the body of `request` for an endpoint taking `shape`. */
export async function readRequestBody(request: Request, shape: BodyShape): Promise<ParsedBody> {
  if (shape === 'none') return {};
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new ApiError('unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.');
  }
  const declared = request.headers.get('content-length');
  let bytes: Uint8Array;
  if (declared !== null) {
    // HTTP framing stops the body at the declared length, so the size is known up front, and
    // arrayBuffer() keeps adapters such as @hono/node-server on their fast path.
    if (!(Number(declared) <= MAX_BODY_BYTES)) throw tooLarge();
    bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge();
  } else {
    bytes = await readLimited(request);
  }
  let value: unknown;
  try {
    value = JSON.parse(UTF8.decode(bytes));
  } catch {
    throw new ApiError('bad_request', 'The request body is not valid JSON.');
  }
  return shape === 'code' ? parseCodeBody(value) : parseCreateEnrollmentBody(value);
}

function parseCodeBody(value: unknown): ParsedBody {
  const body = asObject(value, ['code']);
  if (body.code === undefined) throw new ApiError('code_required', 'Enter the current code from your authenticator app, or a recovery code.');
  return { code: asCode(body.code) };
}

function parseCreateEnrollmentBody(value: unknown): ParsedBody {
  const body = asObject(value, ['code', 'restart']);
  const parsed: ParsedBody = {};
  if (body.code !== undefined) parsed.code = asCode(body.code);
  if (body.restart !== undefined) {
    if (typeof body.restart !== 'boolean') throw new ApiError('bad_request', '"restart" must be true or false.');
    parsed.restart = body.restart;
  }
  return parsed;
}

function asObject(value: unknown, known: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError('bad_request', 'The request body must be a JSON object.');
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const expected = known.map((k) => `"${k}"`).join(' or ');
      throw new ApiError('bad_request', `Unknown field "${key.slice(0, 40)}" in the request body; this endpoint takes ${expected}.`);
    }
  }
  return value as Record<string, unknown>;
}

function asCode(code: unknown): string {
  if (typeof code !== 'string') throw new ApiError('bad_request', '"code" must be a string.');
  if (code.length > MAX_CODE_CHARS) throw new ApiError('bad_request', `"code" is too long (at most ${MAX_CODE_CHARS} characters).`);
  if (code.trim() === '') throw new ApiError('code_required', 'Enter the current code from your authenticator app, or a recovery code.');
  return code;
}

async function readLimited(request: Request): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(): ApiError {
  return new ApiError('payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`);
}
