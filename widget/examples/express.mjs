// Express 5: mount the handler before express.json(); your own routes work as before.
import { toNodeHandler } from '@phone-free/two-factor/node';
import express from 'express';
import { twoFactor, widgetScript } from './two-factor.mjs';

const app = express();
app.use(toNodeHandler(twoFactor));
app.get('/two-factor.js', (req, res) => res.sendFile(widgetScript));

// The app's own routes, declared after the handler.
app.use(express.json());
app.post('/echo', (req, res) => res.json({ youSent: req.body }));
app.get('/hello', (req, res) => res.send('hello from the app'));

const server = app.listen(Number(process.env.PORT ?? 3000), () => console.log(`listening on http://localhost:${server.address().port}`));
