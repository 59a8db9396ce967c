import { NoScanner, type UploadSpec } from '@app/storage';
import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { BOUNDARY, multipartBody, send, streamedPdf, withUploadServer } from './multipart-http';

const MB = 1024 * 1024;
const spec: UploadSpec = {
  fields: ['note'],
  files: [{ name: 'documents', kinds: ['pdf'], maxBytes: 10 * MB, maxCount: 3 }],
  maxTotalFiles: 3,
  maxFieldBytes: 100,
};
const bytesOf = async (s: Readable) => {
  const parts: Buffer[] = [];
  for await (const c of s) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

/** Bodies a browser would not send: each settles with a typed answer and leaves nothing behind. */
describe('receiveUpload with bad bodies, over HTTP (filesystem storage)', () => {
  const t = withUploadServer(spec, () => ({ scanner: new NoScanner() }));
  afterEach(async () => {
    // Nothing of any refused request stays, temporary files included.
    expect(await t.backend.contents()).toEqual([]);
  });

  it('refuses a text field past its limit with validation.tooLong, keeping none of the files it came with', async () => {
    const outcome = t.server.nextOutcome();
    const reply = await send(
      t.server.url,
      multipartBody([
        { name: 'documents', filename: 'a.pdf', content: streamedPdf(200_000) },
        { name: 'note', value: 'x'.repeat(101) },
      ]),
    );
    expect(reply.status).toBe(422);
    expect(await outcome).toMatchObject({ ok: false, errors: { note: 'validation.tooLong' } });
  });

  it('accepts a text field of exactly its limit', async () => {
    const reply = await send(t.server.url, multipartBody([{ name: 'note', value: 'x'.repeat(100) }]));
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, fields: { note: 'x'.repeat(100) } });
  });

  it.each([
    ['JSON', 'application/json', '{"note":"hello"}'],
    ['urlencoded', 'application/x-www-form-urlencoded', 'note=hello'],
    ['no content type', null, 'note=hello'],
    ['multipart without a boundary', 'multipart/form-data', 'note=hello'],
    ['text', 'text/plain', '%PDF-1.7 not a form'],
  ])('answers a %s body with a form error, not a 500', async (_what, contentType, body) => {
    const outcome = t.server.nextOutcome();
    const reply = await send(t.server.url, Readable.from([Buffer.from(body)]), { contentType });
    expect(reply.status).toBe(422);
    expect(await outcome).toEqual({
      ok: false,
      fields: {},
      errors: { _form: 'validation.invalid' },
      retryLater: false,
    });
  });

  it('settles with a form error when the client goes away in the middle of a file, after one was stored', async () => {
    const outcome = t.server.nextOutcome();
    const body = multipartBody([
      { name: 'documents', filename: 'whole.pdf', content: streamedPdf(300_000) },
      { name: 'documents', filename: 'cut.pdf', content: streamedPdf(8 * MB) },
    ]);
    await expect(send(t.server.url, body, { cutAfter: 3 * MB })).rejects.toThrow();
    expect(await outcome).toMatchObject({ ok: false, errors: { _form: 'validation.invalid' } });
  });

  it('answers a body cut off mid-file (with the right Content-Length) with a form error', async () => {
    const whole = await bytesOf(multipartBody([{ name: 'documents', filename: 'a.pdf', content: streamedPdf(MB) }]));
    const cut = whole.subarray(0, whole.length / 2);
    const outcome = t.server.nextOutcome();
    const reply = await send(t.server.url, Readable.from([cut]), { contentLength: cut.length });
    expect(reply.status).toBe(422);
    expect(await outcome).toMatchObject({ ok: false, errors: { _form: 'validation.invalid' } });
  });

  it('settles when the client ends its side before the declared Content-Length', async () => {
    const whole = await bytesOf(multipartBody([{ name: 'documents', filename: 'a.pdf', content: streamedPdf(MB) }]));
    const outcome = t.server.nextOutcome();
    const { port, pathname } = new URL(t.server.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write(
      `POST ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=${BOUNDARY}\r\n` +
        `Content-Length: ${whole.length}\r\n\r\n`,
    );
    socket.write(whole.subarray(0, MB / 2));
    socket.end();
    expect(await outcome).toMatchObject({ ok: false, errors: { _form: 'validation.invalid' } });
    socket.destroy();
  });
});
