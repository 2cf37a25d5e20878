// Hono (on Node through @hono/node-server): the handler takes Hono's web-standard Request.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { twoFactor, widgetScript } from './two-factor.mjs';

const app = new Hono();
app.use(async (c, next) => (await twoFactor.handle(c.req.raw)) ?? next());
app.get('/two-factor.js', async (c) => c.body(await readFile(widgetScript), 200, { 'Content-Type': 'text/javascript' }));
app.get('/hello', (c) => c.text('hello from the app'));

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) => console.log(`listening on http://localhost:${info.port}`));
