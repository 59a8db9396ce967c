import { queryRows } from '@app/platform';
import { csrfOf } from '../support/accounts';
import { makeApplication, makeUser } from '../support/factories';
import { Agent } from '../support/http';
import { addDocument, JPEG_BYTES, PDF_BYTES, press, useOffice } from './office-support';

const statusOn = (html: string) => /<dd id="status">([^<]+)<\/dd>/.exec(html)?.[1];

describe('office examination: the application page, its documents and the actions (issue 13 item 4)', () => {
  const t = useOffice();
  const audits = (number: string, event: string) =>
    queryRows<{ actor: string; details: Record<string, string> }>(
      t.db,
      `SELECT actor, details FROM audit_log WHERE event = $1 AND details->>'number' = $2 ORDER BY id`,
      [event, number],
    );

  it('shows the data, the documents inline and the history; each document view is audited', async () => {
    const filer = await makeUser(t.office);
    const app = await makeApplication(t.office, filer);
    const photo = await addDocument(t.office, app, 'jpeg');
    const pdf = await addDocument(t.office, app, 'pdf');

    const page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    expect(page.status).toBe(200);
    for (const shown of [
      'NGUYEN VAN AN',
      'C1234567',
      'AB12345678CD',
      '東京都千代田区霞が関1-1-1',
      '在留期間更新許可申請',
    ])
      expect(page.text).toContain(shown);
    expect(page.text).toContain(`<img class="document__image" src="/applications/${app.number}/documents/${photo.id}"`);
    expect(page.text).toContain(`<iframe class="document__pdf" src="/applications/${app.number}/documents/${pdf.id}"`);
    expect(page.text).toContain(`申請した利用者 (${filer.loginId})`);
    expect(page.text).toContain('2026年4月1日 09:00');
    // Frames of the same origin only: the page's own policy allows them without widening anything.
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("object-src 'none'");

    for (const [doc, type, bytes] of [
      [photo, 'image/jpeg', JPEG_BYTES],
      [pdf, 'application/pdf', PDF_BYTES],
    ] as const) {
      const res = await fetch(`${t.office.url}/applications/${app.number}/documents/${doc.id}`, {
        headers: { cookie: `ro.office.sid=${t.agentA.cookie('ro.office.sid')}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-disposition')).toMatch(/^inline; /);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(Buffer.from(await res.arrayBuffer())).toEqual(bytes);
    }
    const photoHeaders = await t.agentA.get(`/applications/${app.number}/documents/${photo.id}`);
    expect(photoHeaders.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);

    const viewed = await audits(app.number, 'application.document_viewed');
    expect(viewed.map((v) => [v.actor, v.details.document, v.details.action])).toEqual([
      [`officer:${t.a.loginId}`, photo.id, 'view'],
      [`officer:${t.a.loginId}`, pdf.id, 'view'],
      [`officer:${t.a.loginId}`, photo.id, 'view'],
    ]);
    expect(await audits(app.number, 'application.viewed')).toHaveLength(1);
  });

  it('names each document by its checklist item in the officer’s language, with the file name', async () => {
    const filer = await makeUser(t.office);
    const app = await makeApplication(t.office, filer);
    await addDocument(t.office, app, 'jpeg');
    await addDocument(t.office, app, 'pdf');
    // An item the procedure's checklist no longer has keeps its id, so the officer still sees what was filed.
    await addDocument(t.office, app, 'pdf', 'retired-item');
    const names = (html: string) =>
      [...html.matchAll(/<p><strong>([^<]*)<\/strong> — ([^ ]+) /g)].map((m) => [m[1], m[2]]);
    for (const [lng, photo, other] of [
      ['ja', '顔写真', 'その他の資料'],
      ['en', 'Face photo', 'Other document'],
    ]) {
      const page = await t.agentA.get(`/applications/${app.number}?lng=${lng}`);
      expect(page.status).toBe(200);
      // Uploaded at the same clock time, so in no particular order.
      expect(names(page.text).sort()).toEqual(
        [
          [photo, 'photo.jpg'],
          [other, 'passport.pdf'],
          ['retired-item', 'passport.pdf'],
        ].sort(),
      );
    }
  });

  it('answers another application’s document, a bad id or number and visitors with 404 or the login, never a 500', async () => {
    const filer = await makeUser(t.office);
    const app = await makeApplication(t.office, filer);
    const other = await makeApplication(t.office, filer);
    const doc = await addDocument(t.office, other, 'pdf');
    for (const path of [
      `/applications/${app.number}/documents/${doc.id}`,
      `/applications/${app.number}/documents/not-a-uuid`,
      `/applications/A2026-XXXXXXXXXX/documents/${doc.id}`,
      '/applications/nonsense',
    ])
      expect((await t.agentA.get(path)).status).toBe(404);
    const visitor = await new Agent(t.office.url).get(`/applications/${other.number}/documents/${doc.id}`);
    expect(visitor.status).toBe(303);
    expect(await audits(other.number, 'application.document_viewed')).toEqual([]);
  });

  it('examines, requests documents (message and a future Japan date, errors beside the fields); a crafted 許可 is refused', async () => {
    const filer = await makeUser(t.office);
    const app = await makeApplication(t.office, filer);
    let page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    // Only what the status allows: 審査開始, not 許可 before the examination.
    expect(page.text).toContain('id="examine"');
    expect(page.text).not.toContain('id="approve"');
    expect(page.text).not.toContain('id="request-documents"');

    const examined = await press(t.agentA, app.number, 'examine');
    expect(examined.status).toBe(303);
    expect(examined.headers.get('location')).toBe(`/applications/${app.number}?done=1`);
    page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    expect(statusOn(page.text)).toBe('審査中');
    expect(page.text).toMatch(/id="approve"[\s\S]*id="request-documents"[\s\S]*id="deny"/);
    expect(page.text).not.toContain('id="examine"');

    // 2026-04-01 09:00 in Japan: today is not "in the future", and a missing message is named at its field.
    const bad = await press(t.agentA, app.number, 'request-documents?lng=ja', { message: ' ', deadline: '2026-04-01' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('<ul class="field-errors" id="message-error"><li>依頼内容を入力してください。');
    const late = await press(t.agentA, app.number, 'request-documents?lng=ja', {
      message: '在職証明書を提出してください。',
      deadline: '2026-04-01',
    });
    expect(late.status).toBe(422);
    expect(late.text).toContain('id="deadline-error"');
    expect(late.text).toContain('>在職証明書を提出してください。</textarea>');
    expect(late.text).toContain('value="2026-04-01"');

    const asked = await press(t.agentA, app.number, 'request-documents', {
      message: '在職証明書を提出してください。',
      deadline: '2026-04-15',
    });
    expect(asked.status).toBe(303);
    page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    expect(statusOn(page.text)).toBe('追加資料提出依頼');
    expect(page.text).toContain('在職証明書を提出してください。 提出期限：2026-04-15');
    expect(page.text).toContain(`職員 (${t.a.loginId})`);

    // A crafted 許可 while documents are awaited: the typed refusal as a message.
    const crafted = await press(t.agentA, app.number, 'approve?lng=ja');
    expect(crafted.status).toBe(409);
    expect(crafted.text).toContain('id="refusal"');

    const events = await queryRows<{ to_status: string }>(
      t.db,
      `SELECT to_status FROM application_event WHERE application_id = $1 ORDER BY id`,
      [app.id],
    );
    expect(events.map((e) => e.to_status)).toEqual(['received', 'examining', 'documents_requested']);
    const audit = await queryRows<{ event: string; actor: string }>(
      t.db,
      `SELECT event, actor FROM audit_log WHERE details->>'number' = $1 AND event IN ('application.examined', 'application.documents_requested') ORDER BY id`,
      [app.number],
    );
    expect(audit).toEqual([
      { event: 'application.examined', actor: `officer:${t.a.loginId}` },
      { event: 'application.documents_requested', actor: `officer:${t.a.loginId}` },
    ]);
  });

  it('denies with a reason (required, kept), then gives the result of a non-COE application', async () => {
    const filer = await makeUser(t.office);
    const app = await makeApplication(t.office, filer, { status: 'examining' });
    const openB = await t.agentB.get(`/applications/${app.number}`);
    const empty = await press(t.agentA, app.number, 'deny?lng=ja', { reason: '   ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('id="reason-error"');
    expect((await press(t.agentA, app.number, 'deny', { reason: '活動内容が確認できないため。' })).status).toBe(303);
    let page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    expect(statusOn(page.text)).toBe('審査終了（不許可）');
    expect(page.text).toContain('活動内容が確認できないため。');
    expect(page.text).toContain('id="issue-result"');
    expect(page.text).not.toContain('id="deny"');

    expect((await press(t.agentA, app.number, 'issue-result')).status).toBe(303);
    page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    expect(statusOn(page.text)).toBe('結果（不許可）');
    expect(page.text).not.toContain('id="issue-result"');
    // Pressed from a page officer B left open before: already decided, with what B typed kept.
    const refused = await t.agentB.post(`/applications/${app.number}/deny?lng=ja`, {
      _csrf: csrfOf(openB.text),
      reason: '別の理由',
    });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('この申請は審査が終了しているため');
    expect(await audits(app.number, 'application.denied')).toHaveLength(1);
  });

  it('assigns and unassigns from the page', async () => {
    const filer = await makeUser(t.office);
    const app = await makeApplication(t.office, filer);
    expect((await press(t.agentA, app.number, 'assign')).status).toBe(303);
    let page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    expect(page.text).toContain('<dd id="assignee">自分</dd>');
    expect(page.text).toContain('id="unassign"');
    expect((await t.agentB.get(`/applications/${app.number}`)).text).toContain(`<dd id="assignee">${t.a.loginId}</dd>`);
    expect((await press(t.agentA, app.number, 'unassign')).status).toBe(303);
    page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    expect(page.text).toContain('<dd id="assignee">未割当て</dd>');
    expect((await audits(app.number, 'application.unassigned')).map((a) => a.actor)).toEqual([
      `officer:${t.a.loginId}`,
    ]);
  });
});
