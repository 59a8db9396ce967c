import type { UploadSpec } from '@app/storage';
import { REASON_MAX } from '../application.forms';

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
