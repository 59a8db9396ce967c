import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { leadingMultipartField } from './multipart-field';

const B = 'XyZ123';
const part = (name: string, value: string, filename?: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n${value}\r\n`;

/** A request stream sending `body` in chunks of `chunk` bytes. */
function request(body: string, chunk = 7, type = `multipart/form-data; boundary=${B}`) {
  const s = new PassThrough() as PassThrough & { headers: Record<string, string> };
  s.headers = { 'content-type': type };
  const bytes = Buffer.from(body);
  for (let i = 0; i < bytes.length; i += chunk) s.write(bytes.subarray(i, i + chunk));
  s.end();
  return s;
}

const rest = async (s: PassThrough): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
};

describe('leadingMultipartField', () => {
  const body =
    part('_csrf', 'tok-en_1') + part('note', 'hello') + part('documents', '%PDF-1.7', 'a.pdf') + `--${B}--\r\n`;

  it.each([1, 7, 64, 10_000])('reads the first field and puts every byte back (chunks of %d)', async (chunk) => {
    const req = request(body, chunk);
    await expect(leadingMultipartField(req as unknown as IncomingMessage, '_csrf')).resolves.toBe('tok-en_1');
    await expect(rest(req)).resolves.toBe(body);
  });

  it.each([
    ['another field first', part('note', 'x') + part('_csrf', 'tok')],
    ['a file first', part('documents', '%PDF', 'a.pdf') + part('_csrf', 'tok')],
    ['a file part named _csrf', part('_csrf', 'tok', 'x.txt')],
    ['no part at all', `--${B}--\r\n`],
    ['a preamble', `junk\r\n${part('_csrf', 'tok')}`],
    ['a field that never ends', `--${B}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${'a'.repeat(5000)}`],
  ])('is undefined for %s', async (_, b) => {
    const req = request(b);
    await expect(leadingMultipartField(req as unknown as IncomingMessage, '_csrf')).resolves.toBeUndefined();
  });

  it('is undefined for a body that is not multipart, without reading it', async () => {
    const req = request('_csrf=tok', 7, 'application/x-www-form-urlencoded');
    await expect(leadingMultipartField(req as unknown as IncomingMessage, '_csrf')).resolves.toBeUndefined();
    await expect(rest(req)).resolves.toBe('_csrf=tok');
  });
});
