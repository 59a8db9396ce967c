import { randomUUID } from 'node:crypto';
import { InvalidDocumentKeyError } from './errors';

/**
 * Keys are opaque and made by the caller: 1 to 4 segments of `[a-z0-9_-]` joined by `/`. No dots, so no
 * `..`, no hidden or temporary names (the filesystem's temp files start with a dot), no leading or
 * doubled slash, no backslash; they are safe both as relative paths and as S3 object names.
 */
const KEY = /^[a-z0-9_-]{1,64}(?:\/[a-z0-9_-]{1,64}){0,3}$/;

export const isDocumentKey = (key: string): boolean => KEY.test(key);

export function assertDocumentKey(key: string): void {
  if (typeof key !== 'string' || !isDocumentKey(key)) throw new InvalidDocumentKeyError();
}

/** A fresh random key, spread over 256 directories so none grows huge. */
export function newDocumentKey(): string {
  const id = randomUUID().replace(/-/g, '');
  return `${id.slice(0, 2)}/${id}`;
}
