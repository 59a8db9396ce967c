import type { Request } from 'express';
import { Readable } from 'node:stream';
import type { DocumentStorage } from './document-storage';
import type { DocumentScanner, ScanVerdict } from './scanner';
import { receiveUpload, type UploadSpec } from './upload';

const spec: UploadSpec = {
  fields: [],
  files: [{ name: 'doc', kinds: ['pdf'], maxBytes: 1000, maxCount: 1 }],
  maxTotalFiles: 1,
};

/** A one-file multipart request, as express would hand it over. */
const request = (): Request => {
  const body = [
    '--b\r\nContent-Disposition: form-data; name="doc"; filename="a.pdf"\r\n',
    'Content-Type: application/pdf\r\n\r\n%PDF-1.7\n\r\n--b--\r\n',
  ].join('');
  return Object.assign(Readable.from([Buffer.from(body)]), {
    headers: { 'content-type': 'multipart/form-data; boundary=b' },
    complete: true,
  }) as unknown as Request;
};

/** Keeps only the keys: enough to see what the upload kept. */
class KeysOnly implements DocumentStorage {
  readonly keys = new Set<string>();
  async put(key: string, content: Readable) {
    let size = 0;
    for await (const chunk of content) size += (chunk as Buffer).length;
    this.keys.add(key);
    return { key, sha256: '0'.repeat(64), size };
  }
  get(): Promise<Readable> {
    return Promise.reject(new Error('not used'));
  }
  delete(key: string) {
    this.keys.delete(key);
    return Promise.resolve();
  }
  exists(key: string) {
    return Promise.resolve(this.keys.has(key));
  }
}

class Verdict implements DocumentScanner {
  readonly scanned: string[] = [];
  constructor(private readonly verdict: ScanVerdict) {}
  scan(key: string): Promise<ScanVerdict> {
    this.scanned.push(key);
    return Promise.resolve(this.verdict);
  }
}

describe('receiveUpload: the scanner is a required argument', () => {
  it('cannot be called without a scanner (checked by tsc: an upload route cannot skip scanning)', () => {
    const storage = new KeysOnly();
    // Never run: the directives fail the type check if the scanner ever becomes optional again.
    const forgetful = () => [
      // @ts-expect-error no options at all
      receiveUpload(request(), storage, spec),
      // @ts-expect-error options without the scanner
      receiveUpload(request(), storage, spec, {}),
    ];
    expect(typeof forgetful).toBe('function');
  });

  it('scans every stored file with the scanner it is given, and keeps nothing the scanner refuses', async () => {
    const storage = new KeysOnly();
    const infected = new Verdict('infected');
    const refused = await receiveUpload(request(), storage, spec, { scanner: infected });
    expect(refused).toMatchObject({ ok: false, errors: { doc: 'validation.fileRejected' } });
    expect(infected.scanned).toHaveLength(1);
    expect(storage.keys.size).toBe(0);

    const clean = new Verdict('clean');
    const kept = await receiveUpload(request(), storage, spec, { scanner: clean });
    expect(kept.ok).toBe(true);
    expect([...storage.keys]).toEqual(clean.scanned);
  });
});
