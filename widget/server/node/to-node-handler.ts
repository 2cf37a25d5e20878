/**
 * `toNodeHandler(twoFactor)`: the web-standard handler as `(req, res, next?)` for `node:http`,
 * Express 5 and Connect. Requests under the base path are answered; any other goes to `next()`
 * with its body unread (or gets a 404 when there is no `next`, as with `http.createServer`).
 */
import type { ServerResponse } from 'node:http';
import type { TwoFactor } from '../create-two-factor';
import { bodyLeftUnread, toWebRequest, type NodeIncoming } from './node-request';
import { sendNodeResponse } from './send-node-response';

export type NodeHandlerOptions = {
  /**
   * Build the request URL from `X-Forwarded-Proto` and `X-Forwarded-Host` (the last value of
   * each). Only when a proxy you run sets them; otherwise any client could. Default false.
   */
  trustProxy?: boolean;
};

/** Express's and Connect's `next`: called with nothing to pass on, with an error to fail. */
export type NodeNext = (error?: unknown) => void;

export type NodeHandler = (req: NodeIncoming, res: ServerResponse, next?: NodeNext) => void;

export function toNodeHandler(twoFactor: TwoFactor, options: NodeHandlerOptions = {}): NodeHandler {
  if (!twoFactor || typeof twoFactor.handle !== 'function') {
    throw new TypeError('toNodeHandler(twoFactor): pass the object createTwoFactor() returned.');
  }
  const trustProxy = options.trustProxy === true;
  return (req, res, next) => {
    void run(req, res, next).catch((error: unknown) => {
      if (next) return next(error);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('Cache-Control', 'no-store');
      }
      res.end(JSON.stringify({ error: { code: 'internal_error', message: 'The two-factor service failed.' } }));
    });
  };

  async function run(req: NodeIncoming, res: ServerResponse, next: NodeNext | undefined): Promise<void> {
    const response = await twoFactor.handle(toWebRequest(req, { trustProxy }));
    if (response) return sendNodeResponse(res, response, { close: bodyLeftUnread(req) });
    if (next) return next();
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('Not found');
  }
}
