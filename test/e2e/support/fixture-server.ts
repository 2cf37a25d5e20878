/**
 * A tiny static server for fixture pages, on an ephemeral port. It can answer for several
 * host names at once: pass `chromiumArgs(...)` to `launchWithExtension` so Chromium resolves
 * them to this server (`--host-resolver-rules`), and each host is its own site.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

export type FixtureResponse = { status?: number; type: string; body: string | Uint8Array };

export type FixtureServerOptions = {
  /** Files under this folder are served as they are (after `render` for .html). */
  root: string;
  /** Rewrites each HTML page before it is sent (fills in generated QR codes, say). */
  render?: (html: string, url: URL) => string | Promise<string>;
  /** Dynamic routes, tried before the files; return null to fall through. */
  routes?: (url: URL) => FixtureResponse | null | Promise<FixtureResponse | null>;
};

export type FixtureServer = {
  port: number;
  /** `http://HOST:PORT/PATH`; HOST defaults to 127.0.0.1. */
  url(path: string, host?: string): string;
  close(): Promise<void>;
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export async function startFixtureServer(options: FixtureServerOptions): Promise<FixtureServer> {
  const root = normalize(options.root);
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' }).end(String((error as Error)?.stack ?? error));
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? '127.0.0.1'}`);
    const dynamic = await options.routes?.(url);
    if (dynamic) return send(response, dynamic);
    const path = normalize(join(root, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (path !== root && !path.startsWith(root + sep)) return send(response, { status: 403, type: 'text/plain', body: 'outside the fixture folder' });
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch {
      return send(response, { status: 404, type: 'text/plain', body: `no fixture ${url.pathname}` });
    }
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    if (extname(path) === '.html' && options.render) return send(response, { type, body: await options.render(body.toString('utf8'), url) });
    send(response, { type, body });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path, host = '127.0.0.1') => `http://${host}:${port}${path.startsWith('/') ? path : '/' + path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function send(response: ServerResponse, { status = 200, type, body }: FixtureResponse): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

/**
 * Chromium flags that send `hosts` to the local fixture server (any port) and keep Chromium
 * from trying HTTPS first for them.
 */
export function chromiumArgs(hosts: readonly string[]): string[] {
  if (hosts.length === 0) return [];
  return [`--host-resolver-rules=${hosts.map((h) => `MAP ${h} 127.0.0.1`).join(', ')}`, '--disable-features=HttpsUpgrades'];
}
