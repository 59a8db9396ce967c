import type { IncomingMessage } from 'node:http';

const MULTIPART = /^multipart\/form-data\s*;.*\bboundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i;
const CRLF2 = Buffer.from('\r\n\r\n');

/**
 * The value of a multipart body's first part if it is the text field `name`, read without consuming the
 * body: what was read is put back (`unshift`) for the upload's own parser. For CSRF on uploads: the token
 * is checked before any file is stored, and a form must send it first (`{{csrfInput}}` at the top of the
 * form; browsers send parts in document order). Undefined when the body is not multipart, the first part
 * is anything else, or it does not end within `maxBytes`.
 */
export function leadingMultipartField(
  req: IncomingMessage,
  name: string,
  maxBytes = 4096,
): Promise<string | undefined> {
  const m = MULTIPART.exec(req.headers['content-type'] ?? '');
  if (!m) return Promise.resolve(undefined);
  const boundary = m[1] ?? m[2];
  const opening = Buffer.from(`--${boundary}\r\n`);
  const closing = Buffer.from(`\r\n--${boundary}`);
  const header = new RegExp(`^content-disposition:\\s*form-data;\\s*name="${name}"\\s*$`, 'i');

  // undefined: read more; null: not the field.
  const parse = (buf: Buffer): string | null | undefined => {
    if (buf.length < opening.length) return opening.subarray(0, buf.length).equals(buf) ? undefined : null;
    if (!buf.subarray(0, opening.length).equals(opening)) return null;
    const headEnd = buf.indexOf(CRLF2, opening.length);
    if (headEnd < 0) return undefined;
    const headers = buf.subarray(opening.length, headEnd).toString('latin1').split('\r\n');
    if (headers.length !== 1 || !header.test(headers[0])) return null;
    const end = buf.indexOf(closing, headEnd + 4);
    return end < 0 ? undefined : buf.subarray(headEnd + 4, end).toString('utf8');
  };

  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (value: string | undefined, putBack: boolean) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onEnd);
      req.pause();
      if (putBack && chunks.length) req.unshift(Buffer.concat(chunks));
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      const value = parse(Buffer.concat(chunks, size).subarray(0, maxBytes));
      if (value === undefined && size < maxBytes) return;
      finish(value ?? undefined, true);
    };
    // The whole body came without the field: there is nothing to put back for (the request is refused).
    const onEnd = () => finish(undefined, false);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onEnd);
  });
}
