export type ScanVerdict = 'clean' | 'infected' | 'unavailable';

/**
 * The place to plug a virus scanner (docs/storage.md): called with a stored document's key, hash and
 * size after the upload, before the document is accepted. A ClamAV adapter, for example, would read the
 * document from `DocumentStorage.get` and send it to clamd's INSTREAM command over TCP. `unavailable`
 * means the scanner could not answer: `receiveUpload` then keeps nothing of the request (fail closed).
 */
export interface DocumentScanner {
  scan(key: string, sha256: string, size: number): Promise<ScanVerdict>;
}

/** `DOCUMENT_SCANNER=none` (the default): scanning is off, every document passes as `clean`. */
export class NoScanner implements DocumentScanner {
  scan(): Promise<ScanVerdict> {
    return Promise.resolve('clean');
  }
}

/** Nest injection token for the configured `DocumentScanner`. */
export const DOCUMENT_SCANNER = Symbol('DOCUMENT_SCANNER');
