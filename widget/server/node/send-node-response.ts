/**
 * Writes a web-standard `Response` onto a `node:http` response: status, headers (each
 * `Set-Cookie` on its own line), body. The handler's bodies are small JSON, so the body is
 * buffered rather than streamed.
 */
import type { ServerResponse } from 'node:http';

export async function sendNodeResponse(res: ServerResponse, response: Response, options: { close: boolean }): Promise<void> {
  res.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== 'set-cookie') res.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
  // The rest of an over-long body was never read: close rather than read it to reuse the connection.
  if (options.close) res.setHeader('Connection', 'close');
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  res.end(body);
}
