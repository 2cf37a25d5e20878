/**
 * Turns a `node:http` request into the web-standard `Request` the handler takes, without
 * reading its body: the body is a stream pulled only when the handler reads it, so requests
 * outside the base path (answered `null`) leave the app's own body parsers untouched. Inside it,
 * at most `MAX_BODY_BYTES + 1` bytes are ever pulled (one over, so the handler can answer 413).
 *
 * The URL: `Host` (or HTTP/2's `:authority`) and the socket's TLS state; `X-Forwarded-Proto`
 * and `X-Forwarded-Host` only with `trustProxy`, taking the last value of each, the one the
 * nearest proxy wrote. Nothing else is read from forwarding headers: the Origin and
 * Content-Type checks look at the request's own headers, which a proxy passes unchanged.
 */
import type { IncomingMessage } from 'node:http';
import { MAX_BODY_BYTES } from '../../../shared/protocol/two-factor-api';

/** What Express and Connect add to the request: the URL before mounting, a body a parser already read. */
export type NodeIncoming = IncomingMessage & { originalUrl?: string; body?: unknown };

export type NodeRequestOptions = { trustProxy: boolean };

const BODYLESS = new Set(['GET', 'HEAD']);

export function toWebRequest(req: NodeIncoming, options: NodeRequestOptions): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    // HTTP/2 pseudo-headers (":authority") are not header names a Headers object accepts.
    if (!name.startsWith(':')) headers.append(name, raw[i + 1]!);
  }
  const url = requestUrl(req, options.trustProxy);
  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (!BODYLESS.has(method)) {
    const parsed = alreadyParsedBody(req);
    if (parsed !== undefined) {
      init.body = parsed;
    } else {
      init.body = lazyBody(req);
      init.duplex = 'half';
    }
  }
  return new Request(url, init);
}

function requestUrl(req: NodeIncoming, trustProxy: boolean): string {
  const secure = Boolean((req.socket as { encrypted?: boolean } | undefined)?.encrypted);
  let proto = secure ? 'https' : 'http';
  let host = req.headers.host ?? headerValue(req.headers[':authority']) ?? 'localhost';
  if (trustProxy) {
    const forwardedProto = lastListValue(req.headers['x-forwarded-proto'])?.toLowerCase();
    if (forwardedProto === 'http' || forwardedProto === 'https') proto = forwardedProto;
    host = lastListValue(req.headers['x-forwarded-host']) ?? host;
  }
  const path = req.originalUrl ?? req.url ?? '/';
  try {
    return new URL(path.startsWith('/') ? path : `/${path}`, `${proto}://${host}`).href;
  } catch {
    // A Host header no URL can hold: route on the path alone.
    return new URL(path.startsWith('/') ? path : `/${path}`, `${proto}://localhost`).href;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function lastListValue(value: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(value) ? value.join(',') : value;
  const last = joined?.split(',').at(-1)?.trim();
  return last ? last : undefined;
}

/**
 * A body parser mounted before the adapter (`express.json()`) has already drained the stream:
 * hand its result on as JSON so the handler's own checks still run on it.
 */
function alreadyParsedBody(req: NodeIncoming): string | Uint8Array<ArrayBuffer> | undefined {
  if (!req.readableEnded || req.body === undefined) return undefined;
  const body = req.body;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new Uint8Array(body);
  return JSON.stringify(body);
}

function lazyBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let pulled = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        return new Promise<void>((resolve, reject) => {
          const tryRead = () => {
            const room = MAX_BODY_BYTES + 1 - pulled;
            const chunk = req.read() as Buffer | null;
            if (chunk !== null) {
              cleanup();
              const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
              if (part.byteLength < chunk.byteLength) req.unshift(chunk.subarray(room));
              pulled += part.byteLength;
              controller.enqueue(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
              if (pulled > MAX_BODY_BYTES) controller.close();
              resolve();
            } else if (req.readableEnded) {
              cleanup();
              controller.close();
              resolve();
            }
          };
          const onError = (error: Error) => {
            cleanup();
            reject(error);
          };
          const onEnd = () => tryRead();
          const cleanup = () => {
            req.off('readable', tryRead);
            req.off('end', onEnd);
            req.off('error', onError);
          };
          req.on('readable', tryRead);
          req.on('end', onEnd);
          req.on('error', onError);
          tryRead();
        });
      },
    },
    { highWaterMark: 0 },
  );
}

/** True when the request came with a body that nobody read to its end. */
export function bodyLeftUnread(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  const hasBody = (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
  return hasBody && !req.readableEnded;
}
