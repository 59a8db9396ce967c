/* eslint-disable @typescript-eslint/no-unsafe-argument -- supertest bodies are untyped JSON */
import { NoScanner, receiveUpload, type UploadSpec } from '@app/storage';
import express from 'express';
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { type Backend, filesystemBackend } from './backends';

const MB = 1024 * 1024;
const spec: UploadSpec = {
  fields: ['note'],
  files: [
    { name: 'photo', kinds: ['jpeg'], maxBytes: 10 * MB, maxCount: 1 },
    { name: 'documents', kinds: ['pdf'], maxBytes: 10 * MB, maxCount: 3 },
  ],
  maxTotalFiles: 4,
  maxFieldBytes: 100,
};
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2000)]);
const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3000)]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('receiveUpload over HTTP (filesystem storage)', () => {
  let backend: Backend & { dir: string };
  let app: express.Express;
  beforeAll(async () => {
    backend = await filesystemBackend();
    app = express();
    app.post('/upload', (req, res) => {
      receiveUpload(req, backend.storage, spec, { scanner: new NoScanner() }).then(
        (r) => res.status(r.ok ? 200 : 422).json(r),
        () => res.status(500).end(),
      );
    });
  });
  afterAll(() => backend.stop());
  const post = () => request(app).post('/upload');

  it('accepts a JPEG and a PDF with the right sha256, size, kind and a sanitised name', async () => {
    const res = await post()
      .field('note', 'hello')
      .attach('photo', jpeg, { filename: 'face.jpg', contentType: 'image/jpeg' })
      .attach('documents', pdf, { filename: '..\\..\\evil\u202e<gpj>.pdf', contentType: 'application/pdf' })
      .expect(200);
    expect(res.body.fields).toEqual({ note: 'hello' });
    const [photo, doc] = res.body.files;
    expect(photo).toMatchObject({ field: 'photo', kind: 'jpeg', sha256: sha256(jpeg), size: jpeg.length });
    expect(photo.originalName).toBe('face.jpg');
    expect(doc).toMatchObject({ field: 'documents', kind: 'pdf', sha256: sha256(pdf), size: pdf.length });
    expect(doc.originalName).toBe('evilgpj.pdf');
    expect(await backend.storage.exists(photo.key)).toBe(true);
    expect(await backend.storage.exists(doc.key)).toBe(true);
  });

  it('skips a file input left empty (a part with no file name and no bytes), as browsers send it', async () => {
    const body = Buffer.concat([
      Buffer.from(
        '--B\r\nContent-Disposition: form-data; name="photo"; filename=""\r\n' +
          'Content-Type: application/octet-stream\r\n\r\n\r\n' +
          '--B\r\nContent-Disposition: form-data; name="documents"; filename="a.pdf"\r\n' +
          'Content-Type: application/pdf\r\n\r\n',
      ),
      pdf,
      Buffer.from('\r\n--B--\r\n'),
    ]);
    const res = await post().set('content-type', 'multipart/form-data; boundary=B').send(body).expect(200);
    expect((res.body.files as { field: string }[]).map((f) => f.field)).toEqual(['documents']);
  });

  it('refuses a PDF renamed .jpg, whatever the Content-Type, and keeps nothing of the request', async () => {
    const before = await backend.contents();
    const res = await post()
      .attach('documents', pdf, { filename: 'ok.pdf', contentType: 'application/pdf' })
      .attach('photo', pdf, { filename: 'face.jpg', contentType: 'image/jpeg' })
      .expect(422);
    expect(res.body.errors).toEqual({ photo: 'validation.fileType' });
    expect(await backend.contents()).toEqual(before);
  });

  it('refuses an HTML file named .pdf', async () => {
    const html = Buffer.from('<!doctype html><script>alert(1)</script>');
    const res = await post()
      .attach('documents', html, { filename: 'report.pdf', contentType: 'application/pdf' })
      .expect(422);
    expect(res.body.errors).toEqual({ documents: 'validation.fileType' });
  });

  it('refuses a file of 10 MB + 1 byte and leaves nothing in storage; 10 MB exactly passes', async () => {
    const before = await backend.contents();
    const big = Buffer.concat([Buffer.from('%PDF-'), randomBytes(10 * MB - 4)]);
    const res = await post().attach('documents', big, 'big.pdf').expect(422);
    expect(res.body.errors).toEqual({ documents: 'validation.fileTooLarge' });
    expect(await backend.contents()).toEqual(before);
    const exact = await post()
      .attach('documents', big.subarray(0, 10 * MB), 'exact.pdf')
      .expect(200);
    expect(exact.body.files[0].size).toBe(10 * MB);
  });

  it('refuses more files than a field or the request allows, and keeps none of them', async () => {
    const before = await backend.contents();
    const twoPhotos = await post().attach('photo', jpeg, 'a.jpg').attach('photo', jpeg, 'b.jpg').expect(422);
    expect(twoPhotos.body.errors).toEqual({ photo: 'validation.tooManyFiles' });
    let five = post().attach('photo', jpeg, 'a.jpg');
    for (let i = 0; i < 4; i++) five = five.attach('documents', pdf, `${i}.pdf`);
    const tooMany = await five.expect(422);
    expect(Object.values(tooMany.body.errors)).toContain('validation.tooManyFiles');
    const unknown = await post().attach('other', pdf, 'x.pdf').expect(422);
    expect(unknown.body.errors).toEqual({ other: 'validation.tooManyFiles' });
    expect(await backend.contents()).toEqual(before);
  });
});
