/** A tiny local web page for the popup to act on (an ephemeral port on 127.0.0.1). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TestSite = { url: string; origin: string; close(): Promise<void> };

export async function startTestSite(html = '<!doctype html><title>Sign in</title><h1>Two-factor settings</h1>'): Promise<TestSite> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/settings/security`,
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
