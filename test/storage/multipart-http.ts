import {
  type DocumentStorage,
  receiveUpload,
  type UploadOptions,
  type UploadResult,
  type UploadSpec,
} from '@app/storage';
import express from 'express';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { type Backend, filesystemBackend } from './backends';

/** One multipart part: a text field, or a file whose bytes stream from `content`. */
export type Part =
  | { name: string; value: string }
  | { name: string; filename: string; contentType?: string; content: Readable | Buffer };

export const BOUNDARY = '----residence-online-test-boundary';

/**
 * The multipart body built by hand and streamed part by part, so the client never holds a file
 * (supertest's `.attach` needs the whole Buffer). `complete: false` leaves off the closing boundary.
 */
export function multipartBody(parts: Part[], { complete = true } = {}): Readable {
  return Readable.from(
    (async function* () {
      for (const p of parts) {
        const disposition = `form-data; name="${p.name}"${'filename' in p ? `; filename="${p.filename}"` : ''}`;
        const type = 'filename' in p ? `Content-Type: ${p.contentType ?? 'application/octet-stream'}\r\n` : '';
        yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`);
        if ('value' in p) yield Buffer.from(p.value);
        else if (Buffer.isBuffer(p.content)) yield p.content;
        else for await (const chunk of p.content) yield chunk as Buffer;
        yield Buffer.from('\r\n');
      }
      if (complete) yield Buffer.from(`--${BOUNDARY}--\r\n`);
    })(),
    { objectMode: false },
  );
}

/** `count` bytes that start as a PDF, made 64 KiB at a time (never held whole). */
export function streamedPdf(count: number, chunk = 64 * 1024): Readable {
  const block = Buffer.alloc(chunk, 0x41);
  return Readable.from(
    (function* () {
      yield Buffer.from('%PDF-');
      for (let left = count - 5; left > 0; left -= chunk) yield left >= chunk ? block : block.subarray(0, left);
    })(),
    { objectMode: false },
  );
}

export interface SendOptions {
  contentType?: string | null;
  /** Declared Content-Length; without it the body goes chunked. */
  contentLength?: number;
  /** Destroy the socket once this many body bytes are written (the client going away). */
  cutAfter?: number;
  /** Called with each body chunk before it is written (sampling memory, for one). */
  onChunk?: (written: number) => void;
}

export interface Reply {
  status: number;
  body: string;
}

/** POSTs `body` with `http.request`, piping it (backpressure included); rejects if the socket dies. */
export function send(url: string, body: Readable, o: SendOptions = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = {};
    const type = o.contentType === undefined ? `multipart/form-data; boundary=${BOUNDARY}` : o.contentType;
    if (type !== null) headers['content-type'] = type;
    if (o.contentLength !== undefined) headers['content-length'] = o.contentLength;
    // A fresh connection each time: reusing a kept-alive one races the server closing it (ECONNRESET).
    const req = httpRequest(url, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    let written = 0;
    void (async () => {
      for await (const chunk of body) {
        const c = chunk as Buffer;
        o.onChunk?.(written);
        if (o.cutAfter !== undefined && written + c.length >= o.cutAfter) {
          req.write(c.subarray(0, o.cutAfter - written));
          // Let the bytes leave before the socket goes, so the server is mid-file when it does.
          await new Promise((r) => setTimeout(r, 50));
          req.destroy();
          return;
        }
        written += c.length;
        if (!req.write(c)) await new Promise((r) => req.once('drain', r));
      }
      req.end();
    })().catch(reject);
  });
}

export interface UploadServer {
  url: string;
  /** The server-side outcome of the next request to arrive (register before sending). */
  nextOutcome(): Promise<UploadResult | Error>;
  close(): Promise<void>;
}

/** A real HTTP server answering 200 / 422 / 503 like a page would, never a 500 unless storage failed. */
export async function uploadServer(
  storage: DocumentStorage,
  spec: UploadSpec,
  options: UploadOptions,
): Promise<UploadServer> {
  const waiting: ((o: UploadResult | Error) => void)[] = [];
  const app = express();
  app.post('/upload', (req, res) => {
    const settle = waiting.shift();
    receiveUpload(req, storage, spec, options).then(
      (r) => {
        settle?.(r);
        res.status(r.ok ? 200 : r.retryLater ? 503 : 422).json(r);
      },
      (e: Error) => {
        settle?.(e);
        res.status(500).end();
      },
    );
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/upload`,
    nextOutcome: () => new Promise((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** For one describe block: a fresh filesystem backend and an upload server over it, stopped after. */
export function withUploadServer(
  spec: UploadSpec,
  options: (storage: DocumentStorage) => UploadOptions,
): { backend: Backend & { dir: string }; server: UploadServer } {
  const ctx = {} as { backend: Backend & { dir: string }; server: UploadServer };
  beforeAll(async () => {
    ctx.backend = await filesystemBackend();
    ctx.server = await uploadServer(ctx.backend.storage, spec, options(ctx.backend.storage));
  });
  afterAll(async () => {
    await ctx.server.close();
    await ctx.backend.stop();
  });
  return ctx;
}
