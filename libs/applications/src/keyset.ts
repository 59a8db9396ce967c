import { isUuid } from '@app/platform';

/** A place in a list ordered by (submitted_at, id): the last row a page showed. */
export interface Keyset {
  at: Date;
  id: string;
}

/** The opaque cursor a page link or the API carries: base64url of "<ISO time>|<uuid>". */
export const encodeKeyset = (k: Keyset): string => Buffer.from(`${k.at.toISOString()}|${k.id}`).toString('base64url');

/** The cursor back, or undefined for anything not made by encodeKeyset (a crafted cursor is the first page). */
export function decodeKeyset(cursor: unknown): Keyset | undefined {
  if (typeof cursor !== 'string' || cursor.length > 200) return undefined;
  const [at, id, extra] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const time = new Date(at);
  if (extra !== undefined || !isUuid(id) || Number.isNaN(time.getTime())) return undefined;
  return { at: time, id };
}

/** A page of a keyset list: the rows, and the cursor of the next page when there is one. */
export interface KeysetPage<T> {
  rows: T[];
  next?: string;
}

/** Builds the page from `limit + 1` rows read: the extra one only says that more follow. */
export function pageOf<T extends { submittedAt: Date; id: string }>(rows: T[], limit: number): KeysetPage<T> {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return rows.length > limit && last
    ? { rows: page, next: encodeKeyset({ at: last.submittedAt, id: last.id }) }
    : { rows: page };
}
