import type { DocumentScanner, DocumentStorage, ScanVerdict, UploadSpec } from '@app/storage';
import { createHash } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { multipartBody, send, streamedPdf, withUploadServer } from './multipart-http';

const EICAR = 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE';
const spec: UploadSpec = {
  fields: [],
  files: [{ name: 'documents', kinds: ['pdf'], maxBytes: 1024 * 1024, maxCount: 3 }],
  maxTotalFiles: 3,
};
const infected = Buffer.from(`%PDF-1.7\n${EICAR}\n`);
const clean = () => streamedPdf(200_000);

/**
 * A scanner the way a ClamAV adapter would be one: it reads the stored document back through the
 * storage and decides on its bytes. `down` answers `unavailable`; `broken` throws.
 */
class SignatureScanner implements DocumentScanner {
  mode: 'up' | 'down' | 'broken' = 'up';
  readonly seen: { key: string; sha256: string; size: number }[] = [];
  constructor(private readonly storage: DocumentStorage) {}

  async scan(key: string, sha256: string, size: number): Promise<ScanVerdict> {
    if (this.mode === 'broken') throw new Error('clamd: connection refused');
    if (this.mode === 'down') return 'unavailable';
    const bytes = await text(await this.storage.get(key));
    expect(createHash('sha256').update(bytes, 'latin1').digest('hex')).toBe(sha256);
    this.seen.push({ key, sha256, size });
    return bytes.includes(EICAR) ? 'infected' : 'clean';
  }
}

describe('receiveUpload with a scanner, over HTTP (filesystem storage)', () => {
  let scanner!: SignatureScanner;
  const t = withUploadServer(spec, (storage) => ({ scanner: (scanner = new SignatureScanner(storage)) }));
  beforeEach(() => {
    scanner.mode = 'up';
    scanner.seen.length = 0;
  });

  it('keeps clean files, each scanned once after it was stored', async () => {
    const reply = await send(
      t.server.url,
      multipartBody([
        { name: 'documents', filename: 'a.pdf', content: clean() },
        { name: 'documents', filename: 'b.pdf', content: clean() },
      ]),
    );
    expect(reply.status).toBe(200);
    const { files } = JSON.parse(reply.body) as { files: { key: string; sha256: string; size: number }[] };
    expect(scanner.seen).toEqual(expect.arrayContaining(files.map(({ key, sha256, size }) => ({ key, sha256, size }))));
    expect(scanner.seen).toHaveLength(2);
    for (const f of files) expect(await t.backend.storage.exists(f.key)).toBe(true);
  });

  it('rejects an infected file with validation.fileRejected and keeps nothing of the request', async () => {
    const before = await t.backend.contents();
    const outcome = t.server.nextOutcome();
    const reply = await send(
      t.server.url,
      multipartBody([
        { name: 'documents', filename: 'ok.pdf', content: clean() },
        { name: 'documents', filename: 'bad.pdf', content: infected },
      ]),
    );
    expect(reply.status).toBe(422);
    expect(await outcome).toEqual({
      ok: false,
      fields: {},
      errors: { documents: 'validation.fileRejected' },
      retryLater: false,
    });
    expect(await t.backend.contents()).toEqual(before);
  });

  it.each(['down', 'broken'] as const)(
    'fails closed when the scanner is %s: nothing kept, validation.scanUnavailable, try again later',
    async (mode) => {
      scanner.mode = mode;
      const before = await t.backend.contents();
      const outcome = t.server.nextOutcome();
      const reply = await send(
        t.server.url,
        multipartBody([
          { name: 'documents', filename: 'a.pdf', content: clean() },
          { name: 'documents', filename: 'b.pdf', content: clean() },
        ]),
      );
      expect(reply.status).toBe(503);
      expect(await outcome).toEqual({
        ok: false,
        fields: {},
        errors: { _form: 'validation.scanUnavailable' },
        retryLater: true,
      });
      expect(await t.backend.contents()).toEqual(before);
    },
  );
});
