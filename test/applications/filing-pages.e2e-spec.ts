import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APPLICATION_NUMBER_PATTERN } from '@app/applications';
import { queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import { csrfOf, waitForMail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { eligibleAnswers as answersOf, loggedInAgent, makeUser } from '../support/factories';
import { Agent } from '../support/http';
import { flushMail } from '../support/portal-flows';
import {
  COE_FORM,
  EXTENSION_FORM,
  HTML_AS_PDF,
  JPEG,
  PHOTO_AND_TWO_PDFS,
  pdfBytes,
  postForm,
  startDraft,
  upload,
  uploadTokenOf,
} from './filing-pages';

// The portal's documents go here, so a test can see what storage kept.
const documentsDir = mkdtempSync(join(tmpdir(), 'filing-docs-'));
const storedFiles = (dir = documentsDir): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? storedFiles(join(dir, e.name)) : [join(dir, e.name)],
  );

// The answers as a form posts them (no absent keys).
const eligibleAnswers = (code: string, status?: string): Record<string, string> =>
  JSON.parse(JSON.stringify(answersOf(code, status))) as Record<string, string>;

describe('filing an application in the portal (HTTP, real PostgreSQL, MailDev)', () => {
  const t = usePortal({ DOCUMENT_STORAGE_DIR: documentsDir });
  afterAll(() => rmSync(documentsDir, { recursive: true, force: true }));
  const db = () => t.portal.app.get(DataSource);
  const count = async (sql: string, params: unknown[]) =>
    Number((await queryRows<{ n: string }>(db(), sql, params))[0].n);
  const filerAgent = async (category: 'foreign_national' | 'institution_staff', lng = 'ja') => {
    const user = await makeUser(t.portal.app, { category, lng, nameEn: 'NGUYEN VAN AN' });
    return { user, agent: await loggedInAgent(t.portal, user) };
  };

  it('sends a visitor to the login and back to the procedure’s filing page', async () => {
    const res = await new Agent(t.portal.url).get('/applications/new?procedure=extension');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(
      `/login?returnTo=${encodeURIComponent('/applications/new?procedure=extension')}`,
    );
  });

  it('a foreign national files an extension with a photo and two PDFs: number shown, 受付通知 mailed without personal data', async () => {
    const { user, agent } = await filerAgent('foreign_national');
    const draft = await startDraft(agent, 'extension', eligibleAnswers('extension'));

    const form = await agent.get(draft);
    expect(form.status).toBe(200);
    // Their own name prefilled; the wanted status the eligibility answer gave.
    expect(form.text).toContain('value="NGUYEN VAN AN"');
    expect(form.text).toMatch(/<option value="engineer_specialist_in_humanities_international_services" selected>/);
    expect(form.text).toContain('id="residenceCardNumber"');
    expect(form.text).toContain('href="/applications/drafts"');

    const next = await postForm(agent, draft, EXTENSION_FORM);
    expect(next.status).toBe(303);
    expect(next.headers.get('location')).toBe(`${draft}/documents`);

    expect((await upload(agent, draft, PHOTO_AND_TWO_PDFS)).status).toBe(303);
    const docs = await agent.get(`${draft}/documents`);
    for (const name of ['face.jpg', 'employment-contract.pdf', 'tax-certificate.pdf'])
      expect(docs.text).toContain(name);
    expect(docs.text).toContain('(3 KB)');
    expect(docs.text.match(/\/remove"/g)).toHaveLength(3);
    expect(storedFiles()).toHaveLength(3);

    const review = await agent.get(`${draft}/review`);
    expect(review.status).toBe(200);
    for (const shown of [
      'NGUYEN VAN AN',
      'C1234567',
      'AB12345678CD',
      '東京都千代田区霞が関1-1-1',
      '12か月',
      'ベトナム',
    ])
      expect(review.text).toContain(shown);
    expect(review.text).toContain('tax-certificate.pdf');
    expect(review.text).toContain('id="submit"');

    const pdf = await agent.get(`${draft}/application-form.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('cache-control')).toBe('no-store');
    expect(pdf.text.startsWith('%PDF-')).toBe(true);

    const done = await agent.post(`${draft}/submit`, { _csrf: csrfOf(review.text) });
    expect(done.status).toBe(303);
    const number = /^\/applications\/submitted\/(.+)$/.exec(done.headers.get('location')!)![1];
    expect(number).toMatch(APPLICATION_NUMBER_PATTERN);
    const page = await agent.get(done.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`id="application-number">${number}<`);
    expect(page.text).toContain(`href="/applications/${number}"`);
    expect(page.text).toContain('日本時間');

    // Read-only now: the draft is gone.
    expect((await agent.get(draft)).status).toBe(404);
    expect(
      await count(
        `SELECT count(*) n FROM application_document d JOIN application a ON a.id = d.application_id WHERE a.number = $1`,
        [number],
      ),
    ).toBe(3);

    await flushMail(t.portal);
    const [mail] = await waitForMail(user.email);
    expect(mail.subject).toContain('受付通知');
    expect(mail.text).toContain(number);
    for (const personal of ['NGUYEN', 'C1234567', 'AB12345678CD', '1995', '霞が関']) {
      expect(mail.text).not.toContain(personal);
      expect(mail.html).not.toContain(personal);
    }
  });

  it('institution staff files a COE for someone abroad: the organisation is asked, no residence card or address', async () => {
    const { agent } = await filerAgent('institution_staff', 'en');
    const draft = await startDraft(agent, 'coe', eligibleAnswers('coe', 'student'));
    const form = await agent.get(draft);
    expect(form.text).not.toContain('id="residenceCardNumber"');
    expect(form.text).not.toContain('id="addressInJapan"');
    expect(form.text).toContain('id="organisationName"');
    // Staff file for someone else: no name prefilled.
    expect(form.text).toContain('id="nameEn" name="nameEn" value=""');
    expect((await postForm(agent, draft, COE_FORM)).status).toBe(303);
    expect((await upload(agent, draft, PHOTO_AND_TWO_PDFS)).status).toBe(303);
    const review = await agent.get(`${draft}/review`);
    expect(review.text).toContain('SAKURA LANGUAGE SCHOOL');
    expect(review.text).toContain('24 months');
    const done = await agent.post(`${draft}/submit`, { _csrf: csrfOf(review.text) });
    expect(done.status).toBe(303);
    const number = done.headers.get('location')!.split('/').pop()!;
    const [row] = await queryRows<{ in_japan: boolean; organisation: { name: string }; name_en: string }>(
      db(),
      'SELECT in_japan, organisation, name_en FROM application WHERE number = $1',
      [number],
    );
    expect(row).toMatchObject({
      in_japan: false,
      name_en: 'TRAN THI BINH',
      organisation: { name: 'SAKURA LANGUAGE SCHOOL' },
    });
  });

  it('refuses a category the procedure does not take, on the page and on a crafted POST, storing no draft', async () => {
    const { user, agent } = await filerAgent('foreign_national');
    const page = await agent.get('/applications/new?procedure=coe');
    expect(page.status).toBe(403);
    expect(page.text).toContain('id="not-allowed"');
    expect(page.text).toContain('href="/procedures/coe"');
    const other = await agent.get('/applications/new?procedure=extension');
    const crafted = await agent.post('/applications/new', {
      _csrf: csrfOf(other.text),
      procedure: 'coe',
      ...eligibleAnswers('coe'),
    });
    expect(crafted.status).toBe(403);
    expect(crafted.text).toContain('id="not-allowed"');
    expect(await count('SELECT count(*) n FROM application_draft WHERE filer_id = $1', [user.id])).toBe(0);
  });

  it('explains an answer that rules the filing out (短期滞在) with the agency link, and a procedure filed only with another', async () => {
    const { agent } = await filerAgent('foreign_national');
    const page = await agent.get('/applications/new?procedure=extension');
    const res = await agent.post('/applications/new', {
      _csrf: csrfOf(page.text),
      procedure: 'extension',
      ...eligibleAnswers('extension', 'temporary_visitor'),
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('この在留資格はオンライン申請の対象外です');
    expect(res.text).toContain('id="agency-link"');
    // The answers are kept.
    expect(res.text).toMatch(/value="temporary_visitor" checked/);

    const reentry = await agent.get('/applications/new?procedure=reentry');
    expect(reentry.status).toBe(409);
    expect(reentry.text).toContain('href="/procedures/extension"');
  });

  it('another filer’s draft is not found on every step, and an upload to it stores nothing', async () => {
    const owner = await filerAgent('foreign_national');
    const draft = await startDraft(owner.agent, 'extension', eligibleAnswers('extension'));
    const intruder = await filerAgent('foreign_national');
    for (const path of [draft, `${draft}/documents`, `${draft}/review`, `${draft}/application-form.pdf`])
      expect((await intruder.agent.get(path)).status).toBe(404);
    const own = await startDraft(intruder.agent, 'extension', eligibleAnswers('extension'));
    const token = uploadTokenOf((await intruder.agent.get(`${own}/documents`)).text);
    const before = storedFiles().length;
    const res = await upload(intruder.agent, draft, PHOTO_AND_TWO_PDFS.slice(0, 1), token).catch(() => null);
    // upload() reads the page first (404 there), then posts with the intruder's own token.
    expect(res?.status).toBe(404);
    expect(storedFiles().length).toBe(before);
    const csrf = csrfOf((await intruder.agent.get(own)).text);
    expect((await intruder.agent.post(`${draft}/submit`, { _csrf: csrf })).status).toBe(404);
    expect((await intruder.agent.post(draft, { _csrf: csrf, action: 'save', nameEn: 'X' })).status).toBe(404);
  });

  it('a file that is not what it claims is refused next to its control; nothing of the request is stored', async () => {
    const { agent } = await filerAgent('foreign_national');
    const draft = await startDraft(agent, 'extension', eligibleAnswers('extension'));
    const before = storedFiles().length;
    const res = await upload(agent, draft, [
      { field: 'photo', filename: 'face.jpg', bytes: JPEG, type: 'image/jpeg' },
      { field: 'other', filename: 'contract.pdf', bytes: HTML_AS_PDF, type: 'application/pdf' },
    ]);
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/<ul class="field-errors" id="other-error"><li>PDFではありません。/);
    expect(storedFiles().length).toBe(before);
    const photoAsPdf = await upload(agent, draft, [
      { field: 'photo', filename: 'face.jpg', bytes: pdfBytes(), type: 'image/jpeg' },
    ]);
    expect(photoAsPdf.text).toMatch(/id="photo-error"><li>JPEGではありません。/);
    expect(
      await count('SELECT count(*) n FROM application_document WHERE draft_id::text = $1', [draft.split('/').pop()]),
    ).toBe(0);
  });

  it('refuses at review without the face photo, and a crafted submit files nothing', async () => {
    const { user, agent } = await filerAgent('foreign_national');
    const draft = await startDraft(agent, 'extension', eligibleAnswers('extension'));
    await postForm(agent, draft, EXTENSION_FORM);
    await upload(agent, draft, PHOTO_AND_TWO_PDFS.slice(1));
    const review = await agent.get(`${draft}/review`);
    expect(review.status).toBe(422);
    expect(review.text).toContain('id="missing"');
    expect(review.text).not.toContain('id="submit"');
    // The review has no 申請する button: the token comes from another form of the flow.
    const res = await agent.post(`${draft}/submit`, { _csrf: csrfOf((await agent.get(draft)).text) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="missing"');
    expect(await count('SELECT count(*) n FROM application WHERE filer_id = $1', [user.id])).toBe(0);
  });

  it('keeps bad input with the error beside each field; 一時保存 keeps a partial form, resumed from another session', async () => {
    const { user, agent } = await filerAgent('foreign_national');
    const draft = await startDraft(agent, 'extension', eligibleAnswers('extension'));
    const bad = await postForm(agent, draft, { ...EXTENSION_FORM, passportNumber: 'C1', wantedPeriodMonths: '99' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('value="C1"');
    expect(bad.text).toContain('value="99"');
    expect(bad.text).toMatch(/id="passportNumber-error"><li>旅券番号は/);
    expect(bad.text).toContain('id="wantedPeriodMonths-error"');
    expect(bad.text).toContain('class="error-summary"');

    const saved = await postForm(agent, draft, { nameEn: 'NGUYEN VAN AN', reason: 'Half written' }, 'save');
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${draft}?saved=1`);

    const later = await loggedInAgent(t.portal, user);
    const list = await later.get('/applications/drafts');
    expect(list.text).toContain(`href="${draft}"`);
    expect(list.text).toContain('在留期間更新許可申請');
    const resumed = await later.get(draft);
    expect(resumed.text).toContain('Half written');
    expect((await later.get('/applications/new')).headers.get('location')).toBe('/applications/drafts');
  });

  it('refuses a multipart POST without the CSRF token, and a token in the query of a plain form', async () => {
    const { agent } = await filerAgent('foreign_national');
    const draft = await startDraft(agent, 'extension', eligibleAnswers('extension'));
    const before = storedFiles().length;
    expect((await upload(agent, draft, PHOTO_AND_TWO_PDFS.slice(0, 1), '')).status).toBe(403);
    expect((await upload(agent, draft, PHOTO_AND_TWO_PDFS.slice(0, 1), 'forged')).status).toBe(403);
    expect(storedFiles().length).toBe(before);
    const token = uploadTokenOf((await agent.get(`${draft}/documents`)).text);
    const plain = await agent.post(`${draft}?_csrf=${token}`, { action: 'save', nameEn: 'X' });
    expect(plain.status).toBe(403);
  });

  it('a double submit (two requests at once) files once', async () => {
    const { user, agent } = await filerAgent('foreign_national');
    const draft = await startDraft(agent, 'extension', eligibleAnswers('extension'));
    await postForm(agent, draft, EXTENSION_FORM);
    await upload(agent, draft, PHOTO_AND_TWO_PDFS);
    const csrf = csrfOf((await agent.get(`${draft}/review`)).text);
    const results = await Promise.all([1, 2, 3].map(() => agent.post(`${draft}/submit`, { _csrf: csrf })));
    expect(results.map((r) => r.status).sort()).toEqual([303, 404, 404]);
    expect(await count('SELECT count(*) n FROM application WHERE filer_id = $1', [user.id])).toBe(1);
  });
});
