import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { type DocumentKind, KindCheck, WrongKindError } from './content-kind';
import type { DocumentStorage } from './document-storage';
import { DocumentTooLargeError } from './errors';
import { newDocumentKey } from './keys';
import { sanitiseOriginalName } from './original-name';
import type { DocumentScanner } from './scanner';

export interface UploadFileSpec {
  name: string;
  kinds: DocumentKind[];
  maxBytes: number;
  maxCount: number;
}

export interface UploadSpec {
  fields: string[];
  files: UploadFileSpec[];
  maxTotalFiles: number;
  /** Longest text field, in bytes (default 10,000). */
  maxFieldBytes?: number;
}

export interface UploadedFile {
  field: string;
  key: string;
  sha256: string;
  size: number;
  kind: DocumentKind;
  originalName: string;
}

/** i18n keys of common.json, per form field (`_form` when the request itself is malformed). */
export type UploadErrors = Record<string, string>;

export type UploadResult =
  | { ok: true; fields: Record<string, string>; files: UploadedFile[] }
  | {
      ok: false;
      fields: Record<string, string>;
      errors: UploadErrors;
      /** The scanner could not answer: nothing was kept, the same request may succeed later (503). */
      retryLater: boolean;
    };

export interface UploadOptions {
  /**
   * The injected `DOCUMENT_SCANNER`. Required, so an upload route cannot skip scanning by forgetting it;
   * with scanning off it is `NoScanner`, by configuration rather than by omission.
   */
  scanner: DocumentScanner;
  newKey?: () => string;
}

/** The body ended before the form did (client gone, cut-off or malformed multipart). */
class BrokenBodyError extends Error {
  constructor() {
    super('request body ended before the form did');
  }
}

const MULTIPART = /^multipart\/form-data\s*;/i;

/**
 * Reads a multipart request, streaming each file part through a content check into `storage.put`
 * (nothing is held whole in memory), then through the scanner. Any refusal (kind, size, count, field
 * length, infected file, scanner unavailable, a body that is not multipart or ends early) deletes what
 * this request already stored and answers per-field errors; the rest of the body is read and dropped
 * so the client gets the answer, not a reset connection. Only storage failures reject.
 */
export async function receiveUpload(
  req: Request,
  storage: DocumentStorage,
  spec: UploadSpec,
  { scanner, newKey = newDocumentKey }: UploadOptions,
): Promise<UploadResult> {
  const fields: Record<string, string> = {};
  const errors: UploadErrors = {};
  const slots: (UploadedFile | undefined)[] = [];
  const pending: Promise<void>[] = [];
  const counts = new Map<string, number>();
  let total = 0;
  let storageFailure: Error | undefined;
  let scanUnavailable = false;
  const refuse = (field: string, key: string) => {
    errors[field] ??= key;
  };

  const malformed = (): UploadResult => {
    req.resume();
    return { ok: false, fields, errors: { _form: 'validation.invalid' }, retryLater: false };
  };
  // busboy would also read urlencoded bodies: an upload is multipart or nothing.
  if (!MULTIPART.test(req.headers['content-type'] ?? '')) return malformed();
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: {
        // busboy flags a part that reaches its limit, so one byte more than the largest allowed.
        fileSize: Math.max(0, ...spec.files.map((f) => f.maxBytes)) + 1,
        files: spec.maxTotalFiles + 1,
        fields: spec.fields.length + 10,
        // Likewise for text fields: a value of exactly maxFieldBytes is allowed.
        fieldSize: (spec.maxFieldBytes ?? 10_000) + 1,
        parts: spec.maxTotalFiles + spec.fields.length + 11,
      },
    });
  } catch {
    return malformed();
  }

  parser.on('field', (name, value, info) => {
    if (!spec.fields.includes(name)) return;
    if (info.valueTruncated) refuse(name, 'validation.tooLong');
    else fields[name] = value;
  });

  parser.on('file', (name, file, info) => {
    // A file input left empty: browsers send it as a part with no file name and no bytes. Not a file.
    if (!info.filename) {
      file.resume();
      return;
    }
    const fileSpec = spec.files.find((f) => f.name === name);
    total += 1;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (!fileSpec || counts.get(name)! > fileSpec.maxCount || total > spec.maxTotalFiles) {
      refuse(name, 'validation.tooManyFiles');
      file.resume();
      return;
    }
    if (Object.keys(errors).length || storageFailure) {
      file.resume();
      return;
    }
    // Slots keep the files in request order whichever finishes storing first.
    const slot = slots.push(undefined) - 1;
    pending.push(storeOne(name, file, info.filename, fileSpec, slot));
  });

  const storeOne = async (
    name: string,
    file: Readable & { truncated?: boolean },
    filename: string | undefined,
    f: UploadFileSpec,
    slot: number,
  ) => {
    const check = new KindCheck(f.kinds);
    // The check may fail before the storage listens (it opens the file first): keep the first error.
    let checkError: unknown;
    check.on('error', (e) => (checkError ??= e));
    // busboy stops at the largest limit; the part's own limit is the storage's maxBytes.
    file.once('limit', () => check.destroy(new DocumentTooLargeError(f.maxBytes)));
    // busboy fails the part when the body ends early: the client's doing, not the storage's.
    file.on('error', () => check.destroy(new BrokenBodyError()));
    file.pipe(check);
    const key = newKey();
    try {
      const put = await storage.put(key, check, { maxBytes: f.maxBytes });
      if (file.truncated) {
        await storage.delete(key);
        throw new DocumentTooLargeError(f.maxBytes);
      }
      const verdict = await scanner.scan(key, put.sha256, put.size).catch(() => 'unavailable' as const);
      if (verdict !== 'clean') {
        await storage.delete(key);
        // Fail closed: an unanswered scan keeps nothing of the request.
        if (verdict === 'infected') refuse(name, 'validation.fileRejected');
        else scanUnavailable = true;
        return;
      }
      slots[slot] = { field: name, ...put, kind: check.kind!, originalName: sanitiseOriginalName(filename) };
    } catch (caught) {
      const e = checkError ?? caught;
      if (e instanceof WrongKindError) refuse(name, 'validation.fileType');
      else if (e instanceof DocumentTooLargeError) refuse(name, 'validation.fileTooLarge');
      else if (e instanceof BrokenBodyError) refuse('_form', 'validation.invalid');
      else storageFailure ??= e instanceof Error ? e : new Error(String(e));
    } finally {
      file.unpipe(check);
      file.resume();
    }
  };

  const parsed = new Promise<void>((resolve) => {
    parser.on('filesLimit', () => refuse('_form', 'validation.tooManyFiles'));
    parser.on('partsLimit', () => refuse('_form', 'validation.tooManyFiles'));
    parser.on('error', () => {
      refuse('_form', 'validation.invalid');
      req.unpipe(parser);
      req.resume();
      resolve();
    });
    parser.on('close', () => resolve());
  });
  // A client that goes away mid-body never ends the pipe: fail the parser (and the part it is in).
  req.once('close', () => {
    if (!req.complete) parser.destroy(new BrokenBodyError());
  });
  req.pipe(parser);
  await parsed;
  await Promise.all(pending);
  const stored = slots.filter((s): s is UploadedFile => !!s);

  if (scanUnavailable) errors._form = 'validation.scanUnavailable';
  if (storageFailure || Object.keys(errors).length) {
    await Promise.all(stored.map((s) => storage.delete(s.key)));
    if (storageFailure) throw storageFailure;
    return { ok: false, fields, errors, retryLater: scanUnavailable };
  }
  return { ok: true, fields, files: stored };
}
