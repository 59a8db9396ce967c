/**
 * The APIs' paging cursors: opaque to clients, each names the last item of a page. The tag says which
 * list a cursor belongs to and lets the format change later without old cursors being read wrongly.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface CursorCodec {
  encode(value: string): string;
  /** The value a cursor names, or undefined for anything this codec did not hand out. */
  decode(cursor: string): string | undefined;
}

export function cursorCodec(tag: string, valid: RegExp): CursorCodec {
  const prefix = `${tag}:`;
  return {
    encode: (value) => Buffer.from(prefix + value, 'utf8').toString('base64url'),
    decode(cursor) {
      if (!/^[A-Za-z0-9_-]{1,100}$/.test(cursor)) return undefined;
      const text = Buffer.from(cursor, 'base64url').toString('utf8');
      const value = text.startsWith(prefix) ? text.slice(prefix.length) : '';
      return valid.test(value) ? value : undefined;
    },
  };
}

/** The e-COE list's cursor: the id of the page's last certificate. */
const coeCursor = cursorCodec('c1', UUID);

export const encodeCursor = (lastId: string): string => coeCursor.encode(lastId);

/** The certificate id a cursor names, or undefined for anything this API did not hand out. */
export const decodeCursor = (cursor: string): string | undefined => coeCursor.decode(cursor);
