/**
 * What sync writes to storage.sync, and reads back. The provider (Chrome Sync, Firefox Sync)
 * sees only opaque items: `k`, the sync key wrapped by the vault passphrase (scrypt, as the
 * vault key is), and `c0`, `c1`, ...: chunks of accounts, each compact JSON, deflated, then
 * sealed with AES-256-GCM under the sync key. Issuers, names, sites, order, even how many
 * accounts a chunk holds are inside the ciphertext; only the item count and sizes show.
 *
 * Chunks are independent: any set of them, even a mix written by two browsers, merges into a
 * valid vault (merge-accounts.ts), so a reader that sees half a write loses nothing.
 * Limits (Chrome; Firefox's are similar): 102,400 bytes in all, 8,192 an item and 512 items,
 * each item counted as its key plus its value as JSON.
 */
import { AuthenticatorError } from '../../shared/protocol/authenticator-error';
import { OTP_ALGORITHMS } from '../../shared/otp';
import { fromBase64Url, randomBytes, toBase64Url, unwrapVaultKey, wrapVaultKey, type WrappedVaultKey } from '../vault/vault-crypto';
import type { SyncAccount } from './sync-account';

export const SYNC_QUOTA_BYTES = 102_400;
export const SYNC_QUOTA_BYTES_PER_ITEM = 8_192;
export const SYNC_MAX_ITEMS = 512;
export const SYNC_FORMAT_VERSION = 1;
export const HEADER_KEY = 'k';
const CHUNK_PREFIX = 'c';
const NONCE_BYTES = 12;
const AAD = new TextEncoder().encode('phone-free-authenticator sync chunk v1');
const CHUNK_KEY_INFO = new TextEncoder().encode('phone-free-authenticator sync chunks v1');

/** The header item: the wrapped sync key, in JSON-safe form. */
export type SyncHeader = {
  v: typeof SYNC_FORMAT_VERSION;
  kdf: { N: number; r: number; p: number; salt: string };
  iv: string;
  key: string;
};

export type PackedVault = {
  /** Every item to store, header included. Keys of older chunks not here are to be removed. */
  items: Record<string, unknown>;
  /** What the items count against the quota. */
  bytes: number;
  /** Over the total, per-item or item-count quota: nothing should be written. */
  tooBig: boolean;
};

/** Bytes an item counts for in storage.sync. */
export function itemBytes(key: string, value: unknown): number {
  return key.length + new TextEncoder().encode(JSON.stringify(value)).length;
}

export function isChunkKey(key: string): boolean {
  return /^c\d+$/.test(key);
}

/** Wraps the sync root key with the passphrase (a passphrase change re-wraps it). */
export async function sealHeader(rawRootKey: Uint8Array, passphrase: string): Promise<SyncHeader> {
  return headerOf(await wrapVaultKey(rawRootKey, passphrase));
}

/**
 * A passphrase-wrapped key in the header's JSON form. Turning sync on publishes the vault's
 * own wrapped key record this way: no passphrase is needed, and the root key is the vault key.
 */
export function headerOf(wrapped: WrappedVaultKey): SyncHeader {
  return {
    v: SYNC_FORMAT_VERSION,
    kdf: { N: wrapped.kdf.N, r: wrapped.kdf.r, p: wrapped.kdf.p, salt: toBase64Url(wrapped.kdf.salt) },
    iv: toBase64Url(wrapped.sealed.iv),
    key: toBase64Url(wrapped.sealed.data),
  };
}

/**
 * The raw sync key from the header.
 * @throws `wrong_passphrase`; `sync_format` for a header this version cannot read.
 */
export async function openHeader(header: unknown, passphrase: string): Promise<Uint8Array<ArrayBuffer>> {
  const h = parseHeader(header);
  const wrapped: WrappedVaultKey = {
    kdf: { name: 'scrypt', N: h.kdf.N, r: h.kdf.r, p: h.kdf.p, salt: fromBase64Url(h.kdf.salt) },
    sealed: { iv: fromBase64Url(h.iv), data: fromBase64Url(h.key) },
  };
  try {
    return await unwrapVaultKey(wrapped, passphrase);
  } catch (error) {
    if (error instanceof AuthenticatorError && error.code === 'wrong_passphrase') {
      throw new AuthenticatorError('wrong_passphrase', 'That passphrase does not open the synced vault: use the passphrase of the browser that turned sync on.', {
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The header item as this version reads it.
 * @throws `sync_format` for anything else (damaged, truncated, or from a newer version).
 */
export function parseHeader(header: unknown): SyncHeader {
  const h = header as Partial<SyncHeader> | null;
  if (
    h === null ||
    typeof h !== 'object' ||
    h.v !== SYNC_FORMAT_VERSION ||
    typeof h.iv !== 'string' ||
    typeof h.key !== 'string' ||
    typeof h.kdf?.salt !== 'string' ||
    ![h.kdf.N, h.kdf.r, h.kdf.p].every(Number.isSafeInteger)
  ) {
    throw syncFormatError();
  }
  return h as SyncHeader;
}

/**
 * The key that seals the chunks, derived from the root key the header wraps (HKDF-SHA256), so
 * the root key (the vault key of the browser that turned sync on) never has two uses.
 */
export async function deriveChunkKey(rootKey: Uint8Array): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', new Uint8Array(rootKey), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: CHUNK_KEY_INFO },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

/**
 * Packs `accounts` into chunks that each fit an item, and says whether the whole fits.
 * `reuse` (from `openChunks`) maps a chunk's content to the sealed value already stored for
 * it: an unchanged chunk keeps its ciphertext, so a write sends only the chunks that changed.
 */
export async function packVault(
  accounts: readonly SyncAccount[],
  header: SyncHeader,
  key: CryptoKey,
  reuse: ReadonlyMap<string, string> = new Map(),
): Promise<PackedVault> {
  const items: Record<string, unknown> = { [HEADER_KEY]: header };
  const sorted = [...accounts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let index = 0;
  let batch = 64;
  for (let i = 0; i < sorted.length; ) {
    const take = Math.min(batch, sorted.length - i);
    const content = chunkContent(sorted.slice(i, i + take));
    const sealed = reuse.get(content) ?? (await sealChunk(content, key));
    const size = itemBytes(`${CHUNK_PREFIX}${index}`, sealed);
    if (size > SYNC_QUOTA_BYTES_PER_ITEM && take > 1) {
      batch = Math.max(1, Math.floor((take * SYNC_QUOTA_BYTES_PER_ITEM * 0.9) / size));
      continue;
    }
    items[`${CHUNK_PREFIX}${index++}`] = sealed;
    i += take;
  }
  const entries = Object.entries(items);
  const bytes = entries.reduce((sum, [k, v]) => sum + itemBytes(k, v), 0);
  const tooBig =
    bytes > SYNC_QUOTA_BYTES || entries.length > SYNC_MAX_ITEMS || entries.some(([k, v]) => itemBytes(k, v) > SYNC_QUOTA_BYTES_PER_ITEM);
  return { items, bytes, tooBig };
}

/**
 * Every account in the chunks of `items` (whatever else storage.sync holds is ignored).
 * @throws `sync_format` when a chunk is damaged or sealed with another key.
 */
export async function unpackVault(items: Record<string, unknown>, key: CryptoKey): Promise<SyncAccount[]> {
  return (await openChunks(items, key)).accounts;
}

/**
 * `unpackVault`, plus each chunk's content mapped to its sealed value, for `packVault`'s `reuse`.
 * @throws `sync_format` when a chunk is damaged or sealed with another key.
 */
export async function openChunks(
  items: Record<string, unknown>,
  key: CryptoKey,
): Promise<{ accounts: SyncAccount[]; reuse: Map<string, string> }> {
  const chunks = Object.entries(items).filter(([k]) => isChunkKey(k));
  const opened = await Promise.all(chunks.map(([, value]) => openChunk(value, key)));
  const reuse = new Map<string, string>();
  opened.forEach(({ content }, i) => reuse.set(content, chunks[i]![1] as string));
  return { accounts: opened.flatMap((chunk) => chunk.accounts), reuse };
}

/** The chunk's plaintext: the compact JSON of its accounts (what `reuse` is keyed by). */
function chunkContent(accounts: readonly SyncAccount[]): string {
  return JSON.stringify(accounts.map(toTuple));
}

async function sealChunk(content: string, key: CryptoKey): Promise<string> {
  const plain = await deflate(new TextEncoder().encode(content));
  const iv = randomBytes(NONCE_BYTES);
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: AAD }, key, plain));
  const out = new Uint8Array(iv.length + data.length);
  out.set(iv);
  out.set(data, iv.length);
  return toBase64Url(out);
}

async function openChunk(value: unknown, key: CryptoKey): Promise<{ accounts: SyncAccount[]; content: string }> {
  if (typeof value !== 'string') throw syncFormatError();
  let tuples: unknown;
  let content: string;
  try {
    const bytes = fromBase64Url(value);
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes.slice(0, NONCE_BYTES), additionalData: AAD },
      key,
      bytes.slice(NONCE_BYTES),
    );
    content = new TextDecoder().decode(await inflate(new Uint8Array(plain)));
    tuples = JSON.parse(content);
  } catch (cause) {
    throw syncFormatError(cause);
  }
  if (!Array.isArray(tuples)) throw syncFormatError();
  return { accounts: tuples.map(fromTuple), content };
}

type Tuple = [
  id: string,
  createdAt: number,
  twin: string,
  secret: string,
  type: 0 | 1,
  algorithm: string,
  digits: number,
  period: number,
  counter: number,
  issuer: string,
  account: string,
  namesAt: number,
  origin: string | null,
  site: string | null,
  bindingAt: number,
  pinned: 0 | 1,
  pinnedAt: number,
  order: number,
  orderAt: number,
  deletedAt: number | null,
  tombstoneAt: number,
];

// Clocks are stored relative to createdAt: mostly 0 or small, so they deflate well.
function toTuple(a: SyncAccount): Tuple {
  const c = a.createdAt;
  return [
    a.id,
    c,
    a.twin,
    a.secret,
    a.type === 'totp' ? 0 : 1,
    a.algorithm,
    a.digits,
    a.period,
    a.counter,
    a.names.value.issuer,
    a.names.value.account,
    a.names.at - c,
    a.binding.value.origin,
    a.binding.value.site,
    a.binding.at - c,
    a.pinned.value ? 1 : 0,
    a.pinned.at - c,
    a.order.value,
    a.order.at - c,
    a.deletedAt.value === null ? null : a.deletedAt.value - c,
    a.deletedAt.at - c,
  ];
}

function fromTuple(value: unknown): SyncAccount {
  const t = value as Tuple;
  const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  const str = (x: unknown) => typeof x === 'string';
  const strOrNull = (x: unknown) => x === null || typeof x === 'string';
  const valid =
    Array.isArray(t) &&
    t.length === 21 &&
    str(t[0]) &&
    num(t[1]) &&
    str(t[2]) &&
    str(t[3]) &&
    (t[4] === 0 || t[4] === 1) &&
    OTP_ALGORITHMS.includes(t[5] as never) &&
    [t[6], t[7], t[8]].every(Number.isSafeInteger) &&
    str(t[9]) &&
    str(t[10]) &&
    num(t[11]) &&
    strOrNull(t[12]) &&
    strOrNull(t[13]) &&
    num(t[14]) &&
    (t[15] === 0 || t[15] === 1) &&
    num(t[16]) &&
    num(t[17]) &&
    num(t[18]) &&
    (t[19] === null || num(t[19])) &&
    num(t[20]);
  if (!valid) throw syncFormatError();
  const c = t[1];
  return {
    id: t[0],
    createdAt: c,
    twin: t[2],
    secret: t[3],
    type: t[4] === 0 ? 'totp' : 'hotp',
    algorithm: t[5] as SyncAccount['algorithm'],
    digits: t[6],
    period: t[7],
    counter: t[8],
    names: { value: { issuer: t[9], account: t[10] }, at: t[11] + c },
    binding: { value: { origin: t[12], site: t[13] }, at: t[14] + c },
    pinned: { value: t[15] === 1, at: t[16] + c },
    order: { value: t[17], at: t[18] + c },
    deletedAt: { value: t[19] === null ? null : t[19] + c, at: t[20] + c },
  };
}

async function deflate(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return pipe(bytes, new CompressionStream('deflate-raw'));
}

async function inflate(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  return pipe(bytes, new DecompressionStream('deflate-raw'));
}

async function pipe(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(transform);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function syncFormatError(cause?: unknown): AuthenticatorError {
  return new AuthenticatorError(
    'sync_format',
    'The synced vault in your browser account is damaged or from a newer version of the extension; nothing was merged and your local accounts are untouched. Update the extension; if it is up to date, remove the synced copy (turn sync off with \u201cAlso remove the synced copy\u201d) and turn sync on again.',
    { cause },
  );
}
