import { FilesystemStorage, S3Storage, type DocumentStorage } from '@app/storage';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'minio';
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

export async function s3Backend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const { port } = await server.run();
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
    storage: new S3Storage(settings),
    contents: async () => {
      const names: string[] = [];
      for await (const o of client.listObjectsV2(settings.bucket, '', true)) names.push((o as { name: string }).name);
      return names;
    },
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
