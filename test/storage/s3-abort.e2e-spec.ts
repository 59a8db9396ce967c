import { DocumentTooLargeError, newDocumentKey, NoScanner, type UploadSpec } from '@app/storage';
import { Readable } from 'node:stream';
import { type Backend, s3Backend } from './backends';
import { multipartBody, send, streamedPdf, uploadServer } from './multipart-http';

const MB = 1024 * 1024;

/**
 * A put refused or cut off after its multipart upload began must abort that upload, or S3 keeps the
 * parts (invisible, billed). s3rver lists no multipart uploads and does not implement the abort
 * itself, so these tests check what the client asks S3 to do, through a recording proxy, and that no
 * object is left; docs/storage.md says what stays untested.
 */
describe('S3Storage aborts its multipart upload when a put does not finish', () => {
  let backend: Backend & { requests: string[] };
  beforeAll(async () => (backend = await s3Backend()));
  afterAll(() => backend.stop());
  beforeEach(() => (backend.requests.length = 0));

  /** The upload ids begun and aborted for `key`, from the requests the proxy saw. */
  const multipart = (key: string) => {
    const begun = backend.requests.filter((r) => r === `POST /documents/${key}?uploads`).length;
    const aborted = backend.requests.filter((r) => r.startsWith(`DELETE /documents/${key}?uploadId=`)).length;
    return { begun, aborted };
  };

  it('aborts when the document passes maxBytes after the first part went up', async () => {
    const key = newDocumentKey();
    const put = backend.storage.put(key, streamedPdf(6 * MB + 1), { maxBytes: 6 * MB });
    await expect(put).rejects.toBeInstanceOf(DocumentTooLargeError);
    expect(multipart(key)).toEqual({ begun: 1, aborted: 1 });
    expect(await backend.contents()).toEqual([]);
  });

  it('aborts, and does not hang, when the source is destroyed without an error (a client gone)', async () => {
    const key = newDocumentKey();
    const source = streamedPdf(9 * MB);
    let sent = 0;
    source.on('data', (c: Buffer) => {
      sent += c.length;
      if (sent >= 6 * MB) source.destroy();
    });
    await expect(backend.storage.put(key, source, { maxBytes: 10 * MB })).rejects.toThrow();
    expect(multipart(key)).toEqual({ begun: 1, aborted: 1 });
    expect(await backend.contents()).toEqual([]);
  });

  it('a document of one part never begins a multipart upload, so a refusal leaves nothing to abort', async () => {
    const key = newDocumentKey();
    const put = backend.storage.put(key, Readable.from([Buffer.alloc(2 * MB)]), { maxBytes: MB });
    await expect(put).rejects.toBeInstanceOf(DocumentTooLargeError);
    expect(multipart(key)).toEqual({ begun: 0, aborted: 0 });
    expect(backend.requests.filter((r) => r.includes(key))).toEqual([]);
  });

  it('aborts when the HTTP client goes away in the middle of an upload received into S3', async () => {
    const spec: UploadSpec = {
      fields: [],
      files: [{ name: 'documents', kinds: ['pdf'], maxBytes: 10 * MB, maxCount: 1 }],
      maxTotalFiles: 1,
    };
    const server = await uploadServer(backend.storage, spec, { scanner: new NoScanner() });
    try {
      const outcome = server.nextOutcome();
      const body = multipartBody([{ name: 'documents', filename: 'big.pdf', content: streamedPdf(9 * MB) }]);
      await expect(send(server.url, body, { cutAfter: 7 * MB })).rejects.toThrow();
      expect(await outcome).toMatchObject({ ok: false, errors: { _form: 'validation.invalid' } });
      const begun = backend.requests.filter((r) => /^POST \/documents\/\S+\?uploads$/.test(r));
      const aborted = backend.requests.filter((r) => /^DELETE \/documents\/\S+\?uploadId=/.test(r));
      expect([begun.length, aborted.length]).toEqual([1, 1]);
      expect(await backend.contents()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
