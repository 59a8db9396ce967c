import type { Readable } from 'node:stream';

export interface StoredDocument {
  key: string;
  /** Hex SHA-256 of the bytes stored, computed while they streamed through. */
  sha256: string;
  size: number;
}

export interface PutOptions {
  /** More bytes than this and the put fails with `DocumentTooLargeError`, leaving nothing behind. */
  maxBytes: number;
}

/**
 * Where uploaded documents live (docs/storage.md). Implementations stream: memory use does not grow
 * with the size of a document. Keys follow `keys.ts`; anything else is refused.
 */
export interface DocumentStorage {
  put(key: string, content: Readable, options: PutOptions): Promise<StoredDocument>;
  /** The document's bytes; rejects with `DocumentNotFoundError` when there is none. */
  get(key: string): Promise<Readable>;
  /** Removes the document; removing one that is not there is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** Nest injection token for the configured `DocumentStorage`. */
export const DOCUMENT_STORAGE = Symbol('DOCUMENT_STORAGE');
