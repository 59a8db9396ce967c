/**
 * The floor of the page benchmarks (started by bench/http.ts `startFloorApp`, not a benchmark itself):
 * Express 5 + Handlebars in production mode, a template compiled once, a layout and a table of rows,
 * nothing else. `GET /page?bytes=N` renders as many rows as make a page of about N bytes, so each page
 * of ours is compared with a floor page of its own size. Prints its port on stdout.
 */
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import express from 'express';
import Handlebars from 'handlebars';

const page = Handlebars.create().compile(
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{{title}}</title>` +
    `<link rel="stylesheet" href="/assets/site.css"></head><body><header><nav><a href="/">ホーム</a></nav></header>` +
    `<main><h1>{{title}}</h1><table><thead><tr><th>番号</th><th>氏名</th><th>交付日</th><th>受領</th></tr></thead><tbody>` +
    `{{#each rows}}<tr><td>{{number}}</td><td>{{name}}</td><td>{{date}}</td><td>{{state}}</td></tr>{{/each}}` +
    `</tbody></table></main><footer>© Residence Online</footer></body></html>`,
);
const row = (i: number) => ({
  number: `E${20260000000 + i}`,
  name: 'APPLICANT TARO',
  date: '2026年7月23日15時',
  state: '未登録',
});
const size = (n: number) =>
  Buffer.byteLength(page({ title: 'e-COE', rows: Array.from({ length: n }, (_, i) => row(i)) }));
const base = size(0);
const perRow = size(1) - base;

const app = express();
app.set('env', 'production');
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' });
});
app.get('/page', (req, res) => {
  const n = Math.max(1, Math.round((Number(req.query.bytes ?? 8000) - base) / perRow));
  res.type('html').send(page({ title: 'e-COE', rows: Array.from({ length: n }, (_, i) => row(i)) }));
});
const server = createServer(app);
server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
