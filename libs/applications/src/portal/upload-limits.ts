import type { DocumentKind, UploadSpec } from '@app/storage';
import { REASON_MAX } from '../application.forms';
import { OTHER_ITEM } from '../checklist';
import { APPLICATION_PDF_LIMITS } from '../pdf/application-pdf-input';

/** The largest document the portal takes (issue 13: PDFs up to 10 MB; the face photo likewise). */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

/** Documents sent with one answer to a request; the 申請書 lists at most 30 documents in all. */
export const ANSWER_MAX_DOCUMENTS = 10;

/** The note sent with an answer: as long as the reason may be. */
export const ANSWER_NOTE_MAX = REASON_MAX;

/** The answer form: a note, PDFs (filed as `other`) and, when asked again, a face photo as JPEG. */
export const ANSWER_UPLOAD: UploadSpec = {
  fields: ['note'],
  files: [
    { name: 'documents', kinds: ['pdf'], maxBytes: DOCUMENT_MAX_BYTES, maxCount: ANSWER_MAX_DOCUMENTS },
    { name: 'photo', kinds: ['jpeg'], maxBytes: DOCUMENT_MAX_BYTES, maxCount: 1 },
  ],
  maxTotalFiles: ANSWER_MAX_DOCUMENTS + 1,
  // UTF-8: up to four bytes a character.
  maxFieldBytes: ANSWER_NOTE_MAX * 4,
};

/** A draft's documents in all: the 申請書 lists at most 30. */
export const DRAFT_MAX_DOCUMENTS = APPLICATION_PDF_LIMITS.documents;

/** A checklist item's upload control, with the files the draft already has for it. */
export interface DraftUploadItem {
  id: string;
  kind: DocumentKind;
  files: readonly unknown[];
}

/**
 * The documents form of a draft holding `stored` documents: one control per checklist item (its kind, up
 * to 10 MB) and その他の書類 (PDFs).
 */
export function draftUploadSpec(items: readonly DraftUploadItem[], stored: number): UploadSpec {
  const room = Math.max(0, DRAFT_MAX_DOCUMENTS - stored);
  return {
    fields: [],
    files: items.map((i) => ({
      name: i.id,
      kinds: [i.kind],
      maxBytes: DOCUMENT_MAX_BYTES,
      // A checklist item takes one file (remove it to replace it); その他の書類 as many as there is room for.
      maxCount: i.id === OTHER_ITEM ? room : Math.max(0, 1 - i.files.length),
    })),
    maxTotalFiles: room,
  };
}
