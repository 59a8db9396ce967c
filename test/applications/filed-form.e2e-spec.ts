import { readFileSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { Application, ApplicationExaminationService, ApplicationFilingService } from '@app/applications';
import { LANGUAGE_CODES, projectPath, queryRows } from '@app/platform';
import { DRAFT_MARK } from '../../libs/applications/src/pdf/application-pdf';
import { pageLines } from '../../libs/applications/src/pdf/pdf-reader.testing';
import { APPLICATION_FORM, loggedInAgent, makeApplication, makeUser } from '../support/factories';
import { Agent } from '../support/http';
import { addDocument, useOffice } from './office-support';

const t0 = new Date('2026-04-01T00:00:00Z');

/** The response's bytes and headers, with the agent's session cookie (Agent reads bodies as text). */
async function fetchForm(agent: Agent, base: string, number: string, cookie: string) {
  const res = await fetch(`${base}/applications/${number}/application-form.pdf`, {
    headers: { cookie: `${cookie}=${agent.cookie(cookie)}` },
  });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Every line of text a reader sees in the PDF, page after page. */
const textOf = async (bytes: Buffer) =>
  pageLines(await PDFDocument.load(bytes, { updateMetadata: false }))
    .flat()
    .join('\n');

const h1 = (html: string) => /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1].trim();

describe('the filed application’s 申請書 PDF (issue 13, item 2)', () => {
  const t = useOffice();
  const api = { kind: 'api', keyId: 'filed-form-e2e' } as const;

  /** An application of a new filer, filed at t0 with a photo and a PDF; a third PDF sent later in an answer. */
  async function filed(): Promise<{ app: Application; agent: Agent }> {
    t.portal.clock.set(t0);
    const user = await makeUser(t.portal, { nameEn: 'NGUYEN VAN AN' });
    const app = await makeApplication(t.portal, user);
    await addDocument(t.office, app, 'jpeg');
    await addDocument(t.office, app, 'pdf');
    const exam = t.portal.app.get(ApplicationExaminationService);
    await exam.examine(api, app.number);
    await exam.requestDocuments(api, app.number, 'Please send your tax certificate.', '2026-12-31');
    const [request] = await queryRows<{ id: string }>(
      t.db,
      `SELECT id FROM application_event WHERE application_id = $1 AND to_status = 'documents_requested'`,
      [app.id],
    );
    const later = await addDocument(t.office, app, 'pdf');
    await t.db.query(`UPDATE application_document SET request_event_id = $1, original_name = $2 WHERE id = $3`, [
      request.id,
      'sent-later.pdf',
      later.id,
    ]);
    return { app, agent: await loggedInAgent(t.portal, user) };
  }

  it('is the data as filed: 受付番号, filing time in Japan time, no draft mark; a no-store, nosniff download', async () => {
    const { app, agent } = await filed();
    t.portal.clock.set(new Date('2026-04-01T00:05:00Z'));
    const { res, bytes } = await fetchForm(agent, t.portal.url, app.number, 'ro.sid');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="application-form-${app.number}.pdf"`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

    const text = await textOf(bytes);
    expect(text).toContain(app.number);
    expect(text).toContain(`受付番号 / Application No. ${app.number}`);
    // Filed 2026-04-01 00:00 UTC = 09:00 in Japan; the form made five minutes later.
    expect(text).toContain('2026年4月1日 09:00（日本時間）');
    expect(text).toContain('1 Apr 2026, 09:00 JST');
    expect(text).toContain('2026年4月1日 09:05（日本時間）');
    expect(text).not.toContain(DRAFT_MARK);
    expect(text).not.toContain('未提出');
    expect(text).not.toContain('未採番');
    for (const printed of [
      APPLICATION_FORM.nameEn,
      APPLICATION_FORM.passportNumber,
      'AB12345678CD',
      '在留期間更新許可申請',
    ])
      expect(text).toContain(printed);
    // The documents filed with it, not the one sent later in answer to a request.
    expect(text).toContain('photo.jpg');
    expect(text).toContain('passport.pdf');
    expect(text).not.toContain('sent-later.pdf');
  });

  it('a withdrawn application still has its 申請書', async () => {
    const user = await makeUser(t.portal);
    const app = await makeApplication(t.portal, user);
    const agent = await loggedInAgent(t.portal, user);
    await t.portal.app.get(ApplicationFilingService).withdraw(user.id, app.number);
    const { res, bytes } = await fetchForm(agent, t.portal.url, app.number, 'ro.sid');
    expect(res.status).toBe(200);
    expect(await textOf(bytes)).toContain(app.number);
  });

  it('another filer’s number is the localized 404, as an unknown one is', async () => {
    const { app } = await filed();
    const intruder = await loggedInAgent(t.portal, await makeUser(t.portal, { lng: 'en' }));
    const theirs = await intruder.get(`/applications/${app.number}/application-form.pdf?lng=en`);
    const unknown = await intruder.get(`/applications/A2026-2345678923/application-form.pdf?lng=en`);
    expect(theirs.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(h1(theirs.text)).toBe('Page not found');
    expect(h1(theirs.text)).toBe(h1(unknown.text));
    expect(theirs.headers.get('content-type')).toMatch(/^text\/html/);
    expect(theirs.text).not.toContain(APPLICATION_FORM.nameEn);
  });

  it('is linked from the application page in all eight languages', async () => {
    const { app, agent } = await filed();
    for (const lng of LANGUAGE_CODES) {
      const label = JSON.parse(readFileSync(projectPath(`locales/${lng}/applications.json`), 'utf8')).mine
        .applicationForm as string;
      const page = await agent.get(`/applications/${app.number}?lng=${lng}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain(
        `<a href="/applications/${app.number}/application-form.pdf" id="application-form" download>${label}</a>`,
      );
    }
  });

  it('the office opens it inline from the application page, audited at every view', async () => {
    const { app } = await filed();
    const page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    expect(page.text).toContain(`href="/applications/${app.number}/application-form.pdf"`);
    expect(page.text).toContain('申請書（PDF）を別のタブで開く');
    const { res, bytes } = await fetchForm(t.agentA, t.office.url, app.number, 'ro.office.sid');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const text = await textOf(bytes);
    expect(text).toContain(`受付番号 / Application No. ${app.number}`);
    expect(text).not.toContain(DRAFT_MARK);
    const audits = await queryRows<{ actor: string; details: Record<string, string> }>(
      t.db,
      `SELECT actor, details FROM audit_log WHERE event = 'application.document_viewed' AND details->>'number' = $1`,
      [app.number],
    );
    expect(audits).toEqual([
      {
        actor: `officer:${t.a.loginId}`,
        details: { number: app.number, document: 'application-form', action: 'view' },
      },
    ]);
    expect((await t.agentA.get(`/applications/A2026-2345678923/application-form.pdf`)).status).toBe(404);
  });
});
