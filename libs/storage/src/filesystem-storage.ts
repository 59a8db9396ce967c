import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DocumentStorage, PutOptions, StoredDocument } from './document-storage';
import { DocumentNotFoundError } from './errors';
import { assertDocumentKey } from './keys';
import { MeteredStream } from './metered-stream';

/**
 * Bytes queued while a write is on disk. With Node's 16 KiB default the socket stalls after nearly
 * every chunk; 1 MiB lets queued chunks go down in one writev. Measured in bench/upload.bench.ts
 * (docs/storage.md): a modest gain, inside the noise of a loaded machine; at most 1 MiB per upload.
 */
const WRITE_BUFFER = 1024 * 1024;

/**
 * Documents as files under one directory (`DOCUMENT_STORAGE_DIR`). A put writes a dot-named temporary
 * file beside the target, fsyncs it and renames it into place, so a reader never sees half a document
 * and a crash leaves only a temporary file (no key can name it). Files are 0600, directories 0700.
 */
export class FilesystemStorage implements DocumentStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    assertDocumentKey(key);
    return join(this.root, ...key.split('/'));
  }

  async put(key: string, content: Readable, { maxBytes }: PutOptions): Promise<StoredDocument> {
    const target = this.pathOf(key);
    const dir = dirname(target);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
    const meter = new MeteredStream(maxBytes);
    try {
      await pipeline(
        content,
        meter,
        createWriteStream(temp, { flags: 'wx', mode: 0o600, highWaterMark: WRITE_BUFFER }),
      );
      await syncFile(temp, 'r+');
    } catch (e) {
      await rm(temp, { force: true });
      throw e;
    }
    await rename(temp, target);
    await syncFile(dir);
    return { key, sha256: meter.sha256(), size: meter.size };
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      const file = await open(path, 'r');
      return file.createReadStream();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new DocumentNotFoundError();
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(key))).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }
}

/**
 * fsync by path: before the rename for the file's bytes, after it for the directory entry (without it
 * a power cut can lose the rename).
 */
async function syncFile(path: string, flags = 'r'): Promise<void> {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
