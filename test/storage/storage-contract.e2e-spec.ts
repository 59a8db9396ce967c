import {
  DocumentNotFoundError,
  DocumentTooLargeError,
  InvalidDocumentKeyError,
  newDocumentKey,
  type DocumentStorage,
} from '@app/storage';
import { createHash, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { type Backend, filesystemBackend, s3Backend } from './backends';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const chunks = (b: Buffer, size = 64 * 1024) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
    })(),
  );
const bytesOf = async (s: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

/** The same cases against each backend: callers cannot tell them apart. */
describe.each([
  ['filesystem', filesystemBackend],
  ['s3', s3Backend],
])('DocumentStorage contract (%s)', (_name, start: () => Promise<Backend>) => {
  let backend: Backend;
  let storage: DocumentStorage;
  beforeAll(async () => {
    backend = await start();
    storage = backend.storage;
  });
  afterAll(() => backend.stop());

  it('stores a streamed document and reports its sha256 and size', async () => {
    const content = randomBytes(6 * 1024 * 1024 + 17);
    const key = newDocumentKey();
    const stored = await storage.put(key, chunks(content), { maxBytes: 10 * 1024 * 1024 });
    expect(stored).toEqual({ key, sha256: sha256(content), size: content.length });
    expect(await storage.exists(key)).toBe(true);
    expect(sha256(await bytesOf(await storage.get(key)))).toBe(sha256(content));
  });

  it('accepts exactly maxBytes', async () => {
    const content = randomBytes(1000);
    const stored = await storage.put(newDocumentKey(), chunks(content, 100), { maxBytes: 1000 });
    expect(stored.size).toBe(1000);
  });

  it('refuses one byte past maxBytes with a typed error and keeps nothing', async () => {
    const before = await backend.contents();
    const key = newDocumentKey();
    const put = storage.put(key, chunks(randomBytes(6 * 1024 * 1024 + 1)), { maxBytes: 6 * 1024 * 1024 });
    await expect(put).rejects.toBeInstanceOf(DocumentTooLargeError);
    expect(await storage.exists(key)).toBe(false);
    expect(await backend.contents()).toEqual(before);
  });

  it('keeps nothing when the source stream fails midway', async () => {
    const before = await backend.contents();
    const key = newDocumentKey();
    const failing = Readable.from(
      (function* () {
        yield Buffer.from('%PDF-1.7 first part');
        throw new Error('client went away');
      })(),
    );
    await expect(storage.put(key, failing, { maxBytes: 1000 })).rejects.toThrow('client went away');
    expect(await storage.exists(key)).toBe(false);
    expect(await backend.contents()).toEqual(before);
  });

  it('overwrites a key and deletes it; deleting a missing key is not an error', async () => {
    const key = newDocumentKey();
    await storage.put(key, Readable.from([Buffer.from('first')]), { maxBytes: 100 });
    await storage.put(key, Readable.from([Buffer.from('second')]), { maxBytes: 100 });
    expect(await text(await storage.get(key))).toBe('second');
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    await expect(storage.delete(key)).resolves.toBeUndefined();
  });

  it('answers a missing key with DocumentNotFoundError', async () => {
    await expect(storage.get(newDocumentKey())).rejects.toBeInstanceOf(DocumentNotFoundError);
    expect(await storage.exists(newDocumentKey())).toBe(false);
  });

  it.each(['../etc/passwd', '/abs', 'a/../b', 'a//b', 'a\\b', '.hidden', 'A/B', 'a/b/c/d/e', '', 'a.pdf'])(
    'refuses the key %p before any I/O',
    async (key) => {
      await expect(storage.put(key, Readable.from([Buffer.from('x')]), { maxBytes: 10 })).rejects.toBeInstanceOf(
        InvalidDocumentKeyError,
      );
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidDocumentKeyError);
      await expect(storage.exists(key)).rejects.toBeInstanceOf(InvalidDocumentKeyError);
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidDocumentKeyError);
    },
  );
});

describe('FilesystemStorage specifics', () => {
  let backend: Awaited<ReturnType<typeof filesystemBackend>>;
  beforeAll(async () => (backend = await filesystemBackend()));
  afterAll(() => backend.stop());

  it('writes files only the service account can read (0600)', async () => {
    const key = newDocumentKey();
    await backend.storage.put(key, Readable.from([Buffer.from('%PDF-')]), { maxBytes: 10 });
    expect(statSync(join(backend.dir, ...key.split('/'))).mode & 0o777).toBe(0o600);
  });

  it('never shows a half-written document under its key', async () => {
    const key = newDocumentKey();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = Readable.from(
      (async function* () {
        yield Buffer.from('first half ');
        await gate;
        yield Buffer.from('second half');
      })(),
    );
    const put = backend.storage.put(key, slow, { maxBytes: 100 });
    await new Promise((r) => setImmediate(r));
    expect(await backend.storage.exists(key)).toBe(false);
    expect((await backend.contents()).some((n) => n.startsWith('.') && n.endsWith('.tmp'))).toBe(true);
    release();
    await put;
    expect(await text(await backend.storage.get(key))).toBe('first half second half');
  });
});
