import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DocumentTooLargeError } from './errors';

/** Passes bytes through, hashing and counting them, and fails as soon as they pass `maxBytes`. */
export class MeteredStream extends Transform {
  private readonly hash = createHash('sha256');
  size = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) return done(new DocumentTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    done(null, chunk);
  }

  /** Hex digest; call once, after the stream has ended. */
  sha256(): string {
    return this.hash.digest('hex');
  }
}
