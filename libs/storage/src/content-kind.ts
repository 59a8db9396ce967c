import { Transform, type TransformCallback } from 'node:stream';

export type DocumentKind = 'jpeg' | 'pdf';

/** The first bytes of each kind; the file name and the browser's Content-Type are never trusted. */
const SIGNATURES: Record<DocumentKind, Buffer> = {
  jpeg: Buffer.from([0xff, 0xd8, 0xff]),
  pdf: Buffer.from('%PDF-', 'latin1'),
};

/** Which of `allowed` the bytes start as; `undefined` when none (or too few bytes to tell). */
export function kindOf(head: Buffer, allowed: readonly DocumentKind[]): DocumentKind | undefined {
  return allowed.find(
    (k) => head.length >= SIGNATURES[k].length && head.subarray(0, SIGNATURES[k].length).equals(SIGNATURES[k]),
  );
}

export class WrongKindError extends Error {
  constructor() {
    super('content is not of an allowed kind');
  }
}

/**
 * Holds back only the first few bytes until it can tell the kind, then passes everything through;
 * fails with `WrongKindError` as soon as the head matches no allowed kind.
 */
export class KindCheck extends Transform {
  private head: Buffer | undefined = Buffer.alloc(0);
  kind: DocumentKind | undefined;

  constructor(private readonly allowed: readonly DocumentKind[]) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.head) return done(null, chunk);
    const head = Buffer.concat([this.head, chunk]);
    this.kind = kindOf(head, this.allowed);
    if (this.kind) {
      this.head = undefined;
      return done(null, head);
    }
    if (this.allowed.some((k) => isPrefixOf(head, SIGNATURES[k]))) {
      this.head = head;
      return done();
    }
    done(new WrongKindError());
  }

  override _flush(done: TransformCallback): void {
    // Still holding the head at the end: the whole content is shorter than a signature.
    done(this.head ? new WrongKindError() : null);
  }
}

const isPrefixOf = (head: Buffer, signature: Buffer): boolean =>
  head.length < signature.length && signature.subarray(0, head.length).equals(head);
