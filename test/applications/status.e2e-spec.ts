import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Category } from '@app/accounts';
import { DocumentsRepository } from '@app/applications';
import { LANGUAGE_CODES, queryRows } from '@app/platform';
import { procedureByCode } from '@app/procedures';
import { DOCUMENT_STORAGE, DocumentStorage } from '@app/storage';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { csrfOf, uniqueEmail, waitForMail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { APPLICATION_FORM, loggedInAgent, makeApplication, makeUser } from '../support/factories';
import { textOf } from '../support/page-text';
import { flushMail } from '../support/portal-flows';
import { examination, JPEG, officerOf, PDF, sendAnswer, stateOf } from './status-support';

const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
// i18next leaves an unknown key as the key itself: any "applications:" or "mine." key on the page is one.
const missingKeys = (html: string) =>
  [...textOf(main(html)).matchAll(/(?:applications:|\bmine\.|\bstatus\.|\bhistory\.)[\w.]+/g)].map((m) => m[0]);
const numbersListed = (html: string) => [...html.matchAll(/<tr data-number="([^"]+)">/g)].map((m) => m[1]);

describe('申請状況確認 in the portal (issue 13, item 3)', () => {
  const t = usePortal({ DOCUMENT_STORAGE_DIR: mkdtempSync(join(tmpdir(), 'status-docs-')) });
  const t0 = new Date('2026-04-01T00:00:00Z');
  afterEach(() => t.portal.clock.set(t0));
  const db = () => t.portal.app.get(DataSource);
  const storage = () => t.portal.app.get<DocumentStorage>(DOCUMENT_STORAGE);

  async function filer(lng = 'ja', category: 'foreign_national' | 'institution_staff' = 'foreign_national') {
    const user = await makeUser(t.portal, { lng, category, email: uniqueEmail('status') });
    return { user, agent: await loggedInAgent(t.portal, user) };
  }
  /** An application filed at `at`, for `applicant`. */
  const filed = (user: { id: string; category: Category }, at: Date, nameEn = APPLICATION_FORM.nameEn) =>
    makeApplication(t.portal, user, { submittedAt: at, nameEn });
  const minutes = (n: number) => new Date(t0.getTime() + n * 60_000);

  /** A stored PDF attached to the application, as the filing left it. */
  async function attached(applicationId: string, uploadedBy: string, name: string, bytes = PDF) {
    const key = `test/${applicationId.slice(0, 8)}-${Math.random().toString(36).slice(2, 10)}`;
    const put = await storage().put(key, Readable.from([bytes]), { maxBytes: 1_000_000 });
    return db().transaction((m) =>
      t.portal.app.get(DocumentsRepository).insert(m, {
        applicationId,
        item: 'other',
        storageKey: key,
        sha256: put.sha256,
        size: put.size,
        kind: 'pdf',
        originalName: name,
        uploadedBy,
        uploadedAt: t0,
      }),
    );
  }

  it('lists the filer’s applications newest first, with procedure, applicant, Japan time and status', async () => {
    const { user, agent } = await filer('ja');
    const other = await filer('ja');
    const older = await filed(user, minutes(0));
    const newer = await filed(user, minutes(90));
    await filed(other.user, minutes(30));
    await examination(t.portal).examine(await officerOf(t.portal), older.number);

    const res = await agent.get('/applications?lng=ja');
    expect(res.status).toBe(200);
    expect(numbersListed(res.text)).toEqual([newer.number, older.number]);
    const page = textOf(main(res.text));
    expect(page).toContain(procedureByCode('extension')!.name.ja);
    expect(page).toContain(APPLICATION_FORM.nameEn);
    expect(page).toContain('すべて日本時間');
    // 2026-04-01 01:30 UTC is 10:30 in Japan.
    expect(page).toContain('2026年4月1日 10:30');
    expect(page).toContain('審査中');
    expect(page).toContain('申請受付');
    expect(res.text).toContain('href="/applications/drafts"');
    expect(res.text).toContain(`href="/applications/${newer.number}"`);
    expect(missingKeys(res.text)).toEqual([]);

    const en = textOf(main((await agent.get('/applications?lng=en')).text));
    expect(en).toContain('Under examination');
    expect(en).toContain(procedureByCode('extension')!.name.en);
    expect(en).toContain('All times are Japan time (JST).');
  });

  it('pages newest first and filters by applicant, keeping the filter in the page links', async () => {
    const { user, agent } = await filer('en', 'institution_staff');
    const numbers: string[] = [];
    for (let i = 0; i < 13; i++)
      numbers.unshift((await filed(user, minutes(i), i % 2 ? 'TRAN THI MAI' : 'LE VAN BINH')).number);
    const first = await agent.get('/applications?size=10&lng=en');
    expect(numbersListed(first.text)).toEqual(numbers.slice(0, 10));
    const next = /<a href="([^"]+)" rel="next">/.exec(first.text)![1].replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/applications\?size=10&cursor=/);
    const second = await agent.get(next);
    expect(numbersListed(second.text)).toEqual(numbers.slice(10));
    expect(second.text).not.toContain('rel="next"');
    expect(second.text).toContain('>First</a>');

    // Applicant filter: by the beginning of the name, any case; kept in the paging links.
    const tran = numbers.filter((_, i) => (12 - i) % 2 === 1);
    const filtered = await agent.get('/applications?size=10&applicant=tran&lng=en');
    expect(numbersListed(filtered.text)).toEqual(tran);
    expect(filtered.text).toContain('value="tran"');
    const many = await agent.get('/applications?size=10&applicant=LE');
    const nextFiltered = /<a href="([^"]+)" rel="next">/.exec(many.text);
    expect(nextFiltered).toBeNull();
    expect(numbersListed(many.text)).toHaveLength(7);
    const tiny = await agent.get('/applications?size=10&applicant=L');
    expect(numbersListed(tiny.text)).toHaveLength(7);

    // A crafted cursor is the first page, not an error.
    expect(numbersListed((await agent.get('/applications?size=10&cursor=bm90LWEtY3Vyc29y')).text)).toEqual(
      numbers.slice(0, 10),
    );
    // With a filter that finds nothing: say so, and offer to clear it.
    const none = await agent.get('/applications?applicant=ZZZ&lng=en');
    expect(textOf(main(none.text))).toContain('no applications for an applicant whose name begins like this');
  });

  it('keeps the filter in the next-page link', async () => {
    const { user, agent } = await filer('en', 'institution_staff');
    for (let i = 0; i < 12; i++) await filed(user, minutes(i), 'PHAM MINH');
    const res = await agent.get('/applications?size=10&applicant=PHAM');
    const next = /<a href="([^"]+)" rel="next">/.exec(res.text)![1].replaceAll('&amp;', '&');
    expect(next).toMatch(/^\/applications\?size=10&applicant=PHAM&cursor=/);
    expect(numbersListed((await agent.get(next)).text)).toHaveLength(2);
  });

  it('shows the empty list with a link to 手続き検索', async () => {
    const { agent } = await filer('ja');
    const res = await agent.get('/applications?lng=ja');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<a class="button" href="/procedures" id="find-procedure">手続き検索</a>');
    expect(res.text).not.toContain('<table');
  });

  it('shows one application read-only with its documents and its history in Japan time (ja and en)', async () => {
    const { user, agent } = await filer('ja');
    const app = await filed(user, t0);
    const doc = await attached(app.id, user.id, '在職証明書.pdf');
    const officer = await officerOf(t.portal);
    t.portal.clock.set(minutes(60));
    await examination(t.portal).examine(officer, app.number);
    t.portal.clock.set(minutes(120));
    await examination(t.portal).requestDocuments(officer, app.number, '課税証明書を提出してください。', '2026-04-20');

    const ja = await agent.get(`/applications/${app.number}?lng=ja`);
    expect(ja.status).toBe(200);
    const page = textOf(main(ja.text));
    expect(page).toContain(app.number);
    expect(page).toContain('2026年4月1日 09:00（日本時間）');
    expect(page).toContain('追加資料の提出をお願いします');
    expect(page).toContain('課税証明書を提出してください。');
    expect(page).toContain('2026-04-20');
    expect(page).toContain('在職証明書.pdf');
    expect(ja.text).toContain(`href="/applications/${app.number}/documents/${doc.id}"`);
    // The history: 申請受付 09:00 → 審査中 10:00 → 追加資料提出依頼 11:00 (Japan time).
    const history = textOf(/<ol class="history">[\s\S]*?<\/ol>/.exec(ja.text)![0]);
    expect(history).toMatch(/09:00.*申請受付.*10:00.*審査中.*11:00.*追加資料提出依頼.*依頼内容/);
    expect(ja.text).toContain('enctype="multipart/form-data"');
    expect(ja.text).toContain(`href="/applications/${app.number}/withdraw"`);
    expect(missingKeys(ja.text)).toEqual([]);

    const en = textOf(main((await agent.get(`/applications/${app.number}?lng=en`)).text));
    expect(en).toMatch(/Application received.*Under examination.*Additional documents requested/);
    expect(en).toContain('Japan time');
    expect(en).toContain('Deadline');
  });

  it('answers a request with a note and uploads: back to 審査中, with the event, the documents and the mail', async () => {
    const { user, agent } = await filer('en');
    const app = await filed(user, t0);
    const officer = await officerOf(t.portal);
    await examination(t.portal).examine(officer, app.number);
    await examination(t.portal).requestDocuments(officer, app.number, 'Submit your tax certificate.', '2026-04-20');
    await flushMail(t.portal);
    const mailsBefore = (await waitForMail(user.email, 2)).length;

    // A file that is not what it claims: refused next to the field, the note kept, nothing changed.
    const before = await stateOf(db(), app.number);
    const bad = await sendAnswer(agent, app.number, {
      note: 'Here it is.',
      documents: [[Buffer.from('not a pdf'), 'tax.pdf']],
    });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('id="documents-error"');
    expect(bad.text).toContain('>Here it is.</textarea>');
    expect(await stateOf(db(), app.number)).toEqual(before);

    // Neither a note nor a document: the state machine's refusal, beside the note.
    const empty = await sendAnswer(agent, app.number, { note: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('id="note-error"');

    t.portal.clock.set(minutes(30));
    const ok = await sendAnswer(agent, app.number, {
      note: 'Here it is.',
      documents: [
        [PDF, 'tax-2025.pdf'],
        [PDF, 'tax-2024.pdf'],
      ],
      photo: [JPEG, 'new-photo.jpg'],
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe(`/applications/${app.number}?answered=1`);
    expect(await stateOf(db(), app.number)).toMatchObject({
      status: 'examining',
      documents: 3,
      events: before.events + 2,
    });
    const events = await queryRows<{ type: string; message: string | null }>(
      db(),
      `SELECT type, message FROM application_event WHERE application_id = $1 ORDER BY id DESC LIMIT 2`,
      [app.id],
    );
    expect(events).toEqual([
      { type: 'status_changed', message: 'Here it is.' },
      { type: 'documents_added', message: '3' },
    ]);
    const page = await agent.get(`/applications/${app.number}?answered=1&lng=en`);
    expect(page.text).toContain('id="answered"');
    expect(textOf(main(page.text))).toMatch(/3 documents submitted/);
    expect(page.text).not.toContain('id="answer"');
    for (const name of ['tax-2025.pdf', 'tax-2024.pdf', 'new-photo.jpg']) expect(page.text).toContain(name);

    // The status mail (examining again) through MailDev: procedure, status, link; no personal data.
    await flushMail(t.portal);
    const mails = await waitForMail(user.email, mailsBefore + 1);
    const mail = mails[mails.length - 1];
    const body = `${mail.subject}\n${mail.text}\n${mail.html}`;
    expect(body).toContain(procedureByCode('extension')!.name.en);
    expect(body).toContain('Under examination');
    expect(body).toContain(`/applications/${app.number}`);
    for (const personal of [
      APPLICATION_FORM.nameEn,
      APPLICATION_FORM.passportNumber,
      APPLICATION_FORM.residenceCardNumber,
      APPLICATION_FORM.dateOfBirth,
      'Viet',
      'VNM',
      'tax-2025.pdf',
      'Here it is.',
      'Submit your tax certificate.',
    ])
      expect(body).not.toContain(personal);
  });

  it('refuses an upload without the CSRF token first, before anything is stored', async () => {
    const { user, agent } = await filer('en');
    const app = await filed(user, t0);
    const officer = await officerOf(t.portal);
    await examination(t.portal).examine(officer, app.number);
    await examination(t.portal).requestDocuments(officer, app.number, 'Submit more.', '2026-04-20');
    const before = await stateOf(db(), app.number);
    const missing = await sendAnswer(agent, app.number, { note: 'x', documents: [[PDF, 'a.pdf']] }, { csrf: false });
    expect(missing.status).toBe(403);
    const late = await sendAnswer(agent, app.number, { note: 'x', documents: [[PDF, 'a.pdf']] }, { csrfLast: true });
    expect(late.status).toBe(403);
    expect(await stateOf(db(), app.number)).toEqual(before);
  });

  it('downloads the filer’s own document as an attachment, not cached, not sniffed', async () => {
    const { user, agent } = await filer('en');
    const app = await filed(user, t0);
    const doc = await attached(app.id, user.id, '在職証明書.pdf');
    const res = await agent.get(`/applications/${app.number}/documents/${doc.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="_____.pdf"; filename*=UTF-8''%E5%9C%A8%E8%81%B7%E8%A8%BC%E6%98%8E%E6%9B%B8.pdf`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toBe(PDF.toString());
  });

  it('withdraws after a confirmation page while allowed, with the event and the mail; refuses after a decision', async () => {
    const { user, agent } = await filer('ja');
    const app = await filed(user, t0);
    const confirm = await agent.get(`/applications/${app.number}/withdraw?lng=ja`);
    expect(confirm.status).toBe(200);
    expect(textOf(main(confirm.text))).toContain('次の申請を取り下げますか。');
    const res = await agent.post(`/applications/${app.number}/withdraw`, { _csrf: csrfOf(confirm.text) });
    expect(res.status).toBe(303);
    expect(await stateOf(db(), app.number)).toMatchObject({ status: 'withdrawn', events: 2 });
    const after = await agent.get(`/applications/${app.number}?withdrawn=1&lng=ja`);
    expect(after.text).toContain('id="withdrawn"');
    expect(after.text).not.toContain('id="withdraw"');
    await flushMail(t.portal);
    const mails = await waitForMail(user.email, 1);
    expect(mails.some((m) => m.text.includes('取下げ') && m.text.includes(`/applications/${app.number}`))).toBe(true);

    // Decided: no button, the page says why, and a crafted POST changes nothing (409).
    const decided = await filed(user, t0);
    const officer = await officerOf(t.portal);
    await examination(t.portal).examine(officer, decided.number);
    await examination(t.portal).deny(officer, decided.number, '活動内容が在留資格に該当しません。');
    const detail = await agent.get(`/applications/${decided.number}?lng=ja`);
    expect(detail.text).not.toContain('id="withdraw"');
    expect(textOf(main(detail.text))).toContain('活動内容が在留資格に該当しません。');
    expect(textOf(main(detail.text))).toContain('審査終了（不許可）');
    const page = await agent.get(`/applications/${decided.number}/withdraw?lng=ja`);
    expect(page.status).toBe(409);
    const before = await stateOf(db(), decided.number);
    const refused = await agent.post(`/applications/${decided.number}/withdraw`, { _csrf: csrfOf(confirm.text) });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('id="withdraw-refused"');
    expect(await stateOf(db(), decided.number)).toEqual(before);
  });

  it('answers another filer’s or an unknown number, document, answer or withdraw with the 404, changing nothing', async () => {
    const owner = await filer('ja');
    const intruder = await filer('en');
    const app = await filed(owner.user, t0);
    const doc = await attached(app.id, owner.user.id, 'mine.pdf');
    const officer = await officerOf(t.portal);
    await examination(t.portal).examine(officer, app.number);
    await examination(t.portal).requestDocuments(officer, app.number, 'More please.', '2026-04-20');
    const before = await stateOf(db(), app.number);
    // A token of the intruder's own session, from a form on their own application.
    const own = await filed(intruder.user, t0);
    const ownPage = `/applications/${own.number}/withdraw`;
    const token = csrfOf((await intruder.agent.get(ownPage)).text);
    const unknown = app.number.slice(0, -1) + (app.number.endsWith('Z') ? 'Y' : 'Z');
    for (const path of [
      `/applications/${app.number}`,
      `/applications/${unknown}`,
      `/applications/${app.number}/documents/${doc.id}`,
      `/applications/${app.number}/documents/not-a-uuid`,
      `/applications/${app.number}/withdraw`,
      `/applications/A2026-XYZ`,
    ]) {
      const res = await intruder.agent.get(`${path}?lng=en`);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain(APPLICATION_FORM.nameEn);
    }
    expect((await intruder.agent.post(`/applications/${app.number}/withdraw`, { _csrf: token })).status).toBe(404);
    const answer = await sendAnswer(
      intruder.agent,
      app.number,
      { note: 'x', documents: [[PDF, 'a.pdf']] },
      { page: ownPage },
    );
    expect(answer.status).toBe(404);
    // Someone else's document id under one's own number is not found either.
    expect((await intruder.agent.get(`/applications/${own.number}/documents/${doc.id}`)).status).toBe(404);
    expect(await stateOf(db(), app.number)).toEqual(before);
  });

  it.each(LANGUAGE_CODES)(
    '%s: the list, the detail with a request, and the withdraw page have no missing text',
    async (lng) => {
      const { user, agent } = await filer(lng);
      const app = await filed(user, t0);
      await attached(app.id, user.id, 'passport.pdf');
      const officer = await officerOf(t.portal);
      await examination(t.portal).examine(officer, app.number);
      await examination(t.portal).requestDocuments(officer, app.number, 'More please.', '2026-04-20');
      for (const path of ['/applications', `/applications/${app.number}`, `/applications/${app.number}/withdraw`]) {
        const res = await agent.get(`${path}?lng=${lng}`);
        expect([path, res.status]).toEqual([path, 200]);
        expect(res.text).toContain(`<html lang="${lng}"`);
        expect(missingKeys(res.text)).toEqual([]);
      }
      // After an answer: the history's "documents submitted" step (plural forms) and the notice.
      expect((await sendAnswer(agent, app.number, { note: 'OK', documents: [[PDF, 'tax.pdf']] })).status).toBe(303);
      const answered = await agent.get(`/applications/${app.number}?answered=1&lng=${lng}`);
      expect(answered.text).toContain('id="answered"');
      expect(missingKeys(answered.text)).toEqual([]);
      const empty = await filer(lng);
      expect(missingKeys((await empty.agent.get(`/applications?lng=${lng}`)).text)).toEqual([]);
    },
  );
});
