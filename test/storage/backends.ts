import { FilesystemStorage, S3Storage, type DocumentStorage } from '@app/storage';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'minio';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
// s3rver ships no types; it is a real S3 API server run in-process for the tests.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (o: object) => {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
};

export interface Backend {
  name: string;
  storage: DocumentStorage;
  /** Every object or file the backend holds, temporary ones included. */
  contents(): Promise<string[]>;
  stop(): Promise<void>;
}

export async function filesystemBackend(): Promise<Backend & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'documents-'));
  const { readdir } = await import('node:fs/promises');
  return {
    name: 'filesystem',
    dir,
    storage: new FilesystemStorage(dir),
    contents: async () =>
      (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name),
    stop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
}

/**
 * Forwards every request to s3rver unchanged (the signature covers the Host header, kept as sent) and
 * notes `METHOD /path?query`, so a test can see what the client asked S3 to do.
 */
async function recordingProxy(port: number): Promise<{ port: number; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const proxy = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const upstream = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise((resolve) => {
        proxy.close(() => resolve());
        proxy.closeAllConnections();
      }),
  };
}

export async function s3Backend(): Promise<Backend & { requests: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const proxy = await recordingProxy((await server.run()).port);
  const port = proxy.port;
  const settings = {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: 'documents',
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    region: 'us-east-1',
    pathStyle: true,
  };
  const client = new Client({
    endPoint: '127.0.0.1',
    port,
    useSSL: false,
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    pathStyle: true,
  });
  await client.makeBucket(settings.bucket);
  return {
    name: 's3',
    requests: proxy.requests,
    storage: new S3Storage(settings),
    contents: async () => {
      const names: string[] = [];
      for await (const o of client.listObjectsV2(settings.bucket, '', true)) names.push((o as { name: string }).name);
      return names;
    },
    stop: async () => {
      await proxy.close();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
