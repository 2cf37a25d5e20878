// node:http: the handler answers /api/2fa/*, everything else falls through to the app.
import { toNodeHandler } from '@phone-free/two-factor/node';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { twoFactor, widgetScript } from './two-factor.mjs';

const twoFactorApi = toNodeHandler(twoFactor);

const server = createServer((req, res) => {
  twoFactorApi(req, res, async () => {
    if (req.url === '/two-factor.js') {
      res.setHeader('Content-Type', 'text/javascript');
      return res.end(await readFile(widgetScript));
    }
    res.setHeader('Content-Type', 'text/html');
    res.end('<script type="module" src="/two-factor.js"></script><two-factor-settings api="/api/2fa"></two-factor-settings>');
  });
});
server.listen(Number(process.env.PORT ?? 3000), () => console.log(`listening on http://localhost:${server.address().port}`));
