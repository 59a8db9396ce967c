import { Client } from 'minio';
import { pipeline, type Readable } from 'node:stream';
import type { DocumentStorage, PutOptions, StoredDocument } from './document-storage';
import { DocumentNotFoundError } from './errors';
import { assertDocumentKey } from './keys';
import { MeteredStream } from './metered-stream';

export interface S3Settings {
  endpoint: string;
  bucket: string;
  accessKey: string;
  secretKey: string;
  region: string;
  pathStyle: boolean;
}

/** S3's smallest multipart part (but the last). */
const PART_SIZE = 5 * 1024 * 1024;

/**
 * Documents as objects in one S3-compatible bucket, through the maintained `minio` client. The bytes
 * stream through a `MeteredStream` (hash, size limit) and go up in parts of 5 MiB, S3's smallest: that
 * is the most of one document held in memory. Nothing is visible under the key until the last part is
 * in; a refused or failed put aborts the multipart upload, so S3 drops the parts already sent.
 */
export class S3Storage implements DocumentStorage {
  private readonly client: Client;
  private readonly bucket: string;

  constructor(settings: S3Settings) {
    const url = new URL(settings.endpoint);
    this.client = new Client({
      endPoint: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      useSSL: url.protocol === 'https:',
      accessKey: settings.accessKey,
      secretKey: settings.secretKey,
      region: settings.region,
      pathStyle: settings.pathStyle,
      partSize: PART_SIZE,
    });
    this.bucket = settings.bucket;
  }

  async put(key: string, content: Readable, { maxBytes }: PutOptions): Promise<StoredDocument> {
    assertDocumentKey(key);
    const meter = new MeteredStream(maxBytes);
    const upload = { id: undefined as string | undefined };
    // pipeline, not pipe: a source destroyed without an error (a client gone) fails the meter too
    // (premature close) instead of leaving the loop in send() waiting for ever.
    pipeline(content, meter, () => undefined);
    try {
      await this.send(key, meter, upload);
    } catch (e) {
      await this.discard(key, upload.id);
      throw e;
    }
    return { key, sha256: meter.sha256(), size: meter.size };
  }

  /**
   * A document that fits one part goes up in one PUT; a larger one as a multipart upload, a part at a
   * time, so at most one part is in memory. (The client's own putObject reads an unsized stream as one
   * buffer, and looks for resumable uploads with a listing some S3-compatible servers lack.)
   */
  private async send(key: string, bytes: Readable, upload: { id?: string }): Promise<void> {
    const etags: { part: number; etag: string }[] = [];
    let part: Buffer[] = [];
    let partBytes = 0;
    const flush = async () => {
      upload.id ??= await this.client.initiateNewMultipartUpload(this.bucket, key, {});
      const payload = Buffer.concat(part, partBytes);
      part = [];
      partBytes = 0;
      const number = etags.length + 1;
      const { etag } = await this.client.uploadPart(
        { bucketName: this.bucket, objectName: key, uploadID: upload.id, partNumber: number, headers: {} },
        payload,
      );
      etags.push({ part: number, etag });
    };
    for await (const chunk of bytes) {
      part.push(chunk as Buffer);
      partBytes += (chunk as Buffer).length;
      if (partBytes >= PART_SIZE) await flush();
    }
    if (!upload.id) {
      await this.client.putObject(this.bucket, key, Buffer.concat(part, partBytes));
      return;
    }
    if (partBytes) await flush();
    await this.client.completeMultipartUpload(this.bucket, key, upload.id, etags);
  }

  /**
   * Aborting makes S3 drop the parts already sent. If the abort itself fails (the server gone too),
   * the parts stay, invisible and billed, until the bucket's AbortIncompleteMultipartUpload
   * lifecycle rule removes them (docs/storage.md).
   */
  private async discard(key: string, uploadId: string | undefined): Promise<void> {
    if (uploadId) await this.client.abortMultipartUpload(this.bucket, key, uploadId).catch(() => undefined);
  }

  async get(key: string): Promise<Readable> {
    assertDocumentKey(key);
    try {
      return await this.client.getObject(this.bucket, key);
    } catch (e) {
      if (isNotFound(e)) throw new DocumentNotFoundError();
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    assertDocumentKey(key);
    await this.client.removeObject(this.bucket, key);
  }

  async exists(key: string): Promise<boolean> {
    assertDocumentKey(key);
    try {
      await this.client.statObject(this.bucket, key);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }
}

const isNotFound = (e: unknown): boolean =>
  ['NoSuchKey', 'NotFound', 'NoSuchObject'].includes(String((e as { code?: unknown }).code));
