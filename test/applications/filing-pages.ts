import { randomBytes } from 'node:crypto';
import { csrfOf } from '../support/accounts';
import { APPLICATION_FORM } from '../support/factories';
import { Agent } from '../support/http';

/** A small JPEG and PDF as a browser would send them (only the first bytes are checked). */
export const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(3000)]);
export const pdfBytes = (n = 4000) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(n)]);
export const HTML_AS_PDF = Buffer.from('<!doctype html><title>not a pdf</title>');

export interface Part {
  field: string;
  filename: string;
  bytes: Buffer;
  type?: string;
}

/** A multipart/form-data body built by hand, as the upload form sends it. */
export function multipart(parts: Part[], csrf?: string): { body: Buffer; type: string } {
  const boundary = `----filing${randomBytes(8).toString('hex')}`;
  const token =
    csrf === undefined
      ? []
      : [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`)];
  const chunks = parts.flatMap((p) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${p.field}"; filename="${p.filename}"\r\n` +
        `Content-Type: ${p.type ?? 'application/octet-stream'}\r\n\r\n`,
    ),
    p.bytes,
    Buffer.from('\r\n'),
  ]);
  return {
    body: Buffer.concat([...token, ...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    type: `multipart/form-data; boundary=${boundary}`,
  };
}

/** The eligibility answers then the draft: returns the draft's path (/applications/drafts/<id>). */
export async function startDraft(agent: Agent, procedure: string, answers: Record<string, string>) {
  const page = await agent.get(`/applications/new?procedure=${procedure}`);
  expect(page.status).toBe(200);
  const res = await agent.post('/applications/new', { _csrf: csrfOf(page.text), procedure, ...answers });
  expect(res.status).toBe(303);
  const path = res.headers.get('location')!;
  expect(path).toMatch(/^\/applications\/drafts\/[0-9a-f-]{36}$/);
  return path;
}

/** Posts the form with 次へ (or 一時保存) after reading its CSRF token. */
export async function postForm(agent: Agent, draft: string, fields: Record<string, string>, action = 'next') {
  const page = await agent.get(draft);
  return agent.post(draft, { _csrf: csrfOf(page.text), action, ...fields });
}

/** The upload form's CSRF token: its first field, since the check reads it before the streamed files. */
export const uploadTokenOf = (html: string): string => {
  const form = /<form[^>]*enctype="multipart\/form-data"[\s\S]*?<\/form>/.exec(html);
  if (!form) throw new Error('no upload form on the page');
  return csrfOf(form[0]);
};

/** Posts `parts` to the draft's upload form, its token first (`''`: no token at all). */
export async function upload(agent: Agent, draft: string, parts: Part[], token?: string) {
  const page = await agent.get(`${draft}/documents`);
  const sent = token ?? uploadTokenOf(page.text);
  const { body, type } = multipart(parts, sent === '' ? undefined : sent);
  return agent.request('POST', `${draft}/documents`, {
    body: new Blob([new Uint8Array(body)]),
    headers: { 'content-type': type },
  });
}

export const PHOTO_AND_TWO_PDFS: Part[] = [
  { field: 'photo', filename: 'face.jpg', bytes: JPEG, type: 'image/jpeg' },
  { field: 'other', filename: 'employment-contract.pdf', bytes: pdfBytes(5000), type: 'application/pdf' },
  { field: 'other', filename: 'tax-certificate.pdf', bytes: pdfBytes(7000), type: 'application/pdf' },
];

/** The in-Japan form as a foreign national fills it in (their name is prefilled from the account). */
export const EXTENSION_FORM: Record<string, string> = { ...APPLICATION_FORM };

/** A COE for someone abroad, filed by institution staff: no residence card or address; the organisation. */
export const COE_FORM: Record<string, string> = {
  nameEn: 'TRAN THI BINH',
  nationality: 'VNM',
  dateOfBirth: '2001-02-03',
  sex: 'female',
  passportNumber: 'N9876543',
  wantedStatus: 'student',
  wantedPeriodMonths: '24',
  reason: 'To study Japanese at our school.',
  office: 'tokyo',
  organisationName: 'SAKURA LANGUAGE SCHOOL',
  organisationAddress: '東京都新宿区西新宿2-8-1',
  organisationPhone: '0312345678',
};
