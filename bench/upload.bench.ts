/**
 * A 10 MB PDF uploaded over HTTP (multipart, streamed by the client) through `receiveUpload` into
 * `FilesystemStorage`, against a floor of writing the same bytes with a plain `fs` write stream and
 * one fsync (what the storage does too), in the same run, on the same disk (.data/, not tmpfs).
 * Run: npm run bench -- upload (or node dist/bench/upload.bench.js once `npm run bench:build` ran)
 */
import { FilesystemStorage, NoScanner, receiveUpload } from '@app/storage';
import express from 'express';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fmt, median, medianOf, recordSection } from './report';

const MB = 1024 * 1024;
const SIZE = 10 * MB;
const RUNS = 7;
const dir = join(__dirname, '..', '..', '.data', 'bench-upload');
const boundary = 'bench-boundary';

/** `%PDF-` then 64 KiB blocks: the bytes exist only while they stream. */
function pdfBytes(): Readable {
  const block = Buffer.alloc(64 * 1024, 0x41);
  return Readable.from(
    (function* () {
      yield Buffer.from('%PDF-');
      for (let left = SIZE - 5; left > 0; left -= block.length)
        yield left >= block.length ? block : block.subarray(0, left);
    })(),
  );
}

async function plainWrite(i: number): Promise<number> {
  const path = join(dir, `plain-${i}`);
  const t0 = performance.now();
  await pipeline(pdfBytes(), createWriteStream(path));
  const h = await open(path, 'r+');
  await h.sync();
  await h.close();
  const s = (performance.now() - t0) / 1000;
  rmSync(path);
  return SIZE / MB / s;
}

function uploadOnce(url: string): Promise<number> {
  const body = Readable.from(
    (async function* () {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="a.pdf"\r\n` +
          'Content-Type: application/pdf\r\n\r\n',
      );
      yield* pdfBytes();
      yield Buffer.from(`\r\n--${boundary}--\r\n`);
    })(),
  );
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(SIZE / MB / ((performance.now() - t0) / 1000))
          : reject(new Error(`HTTP ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    body.pipe(req);
  });
}

async function main() {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const storage = new FilesystemStorage(join(dir, 'documents'));
  const spec = {
    fields: [],
    files: [{ name: 'document', kinds: ['pdf' as const], maxBytes: SIZE, maxCount: 1 }],
    maxTotalFiles: 1,
  };
  const app = express();
  app.post('/upload', (req, res) => {
    receiveUpload(req, storage, spec, { scanner: new NoScanner() }).then(
      async (r) => {
        if (r.ok) await storage.delete(r.files[0].key);
        res.status(r.ok ? 200 : 422).end();
      },
      () => res.status(500).end(),
    );
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/upload`;

  await plainWrite(-1);
  await uploadOnce(url); // warm-up
  const rss0 = process.memoryUsage().rss;
  let rssPeak = rss0;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 5);
  // Interleaved, so the shared machine's noise falls on both alike.
  const floors: number[] = [];
  const ours = await medianOf(RUNS, async () => {
    floors.push(await plainWrite(floors.length));
    return uploadOnce(url);
  });
  const floor = { median: median(floors) };
  clearInterval(sampler);
  server.close();
  rmSync(dir, { recursive: true, force: true });

  const ratio = ours.median / floor.median;
  const grown = (rssPeak - rss0) / MB;
  recordSection({
    id: 'upload',
    title: 'Document upload, 10 MB PDF (issue 13, scale)',
    command: 'npm run bench -- upload',
    method: `${RUNS} runs each, interleaved, after a warm-up; median MB/s (1 MB = 2^20 bytes); client and server in one process, on .data/.`,
    rows: [
      {
        what: 'HTTP multipart upload → `receiveUpload` → `FilesystemStorage` (content check, SHA-256, fsync, rename), MB/s',
        floor: `plain \`fs\` write stream + fsync of the same bytes: ${fmt(floor.median)} MB/s`,
        result: `${fmt(ours.median)} MB/s`,
        ratio,
        target: '≥ 0.5× (disk speed)',
        met: ratio >= 0.5,
      },
      {
        what: `peak RSS above the warm-up during the ${RUNS * 2} writes and uploads, MB`,
        floor: `${fmt(rss0 / MB)} MB after the warm-up`,
        result: `${fmt(grown)} MB`,
        ratio: null,
        target: '≤ 50 MB (bounded; uncollected garbage included, no forced GC)',
        met: grown <= 50,
      },
    ],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
