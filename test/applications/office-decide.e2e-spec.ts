import { applicationTopic } from '@app/applications';
import { queryRows } from '@app/platform';
import { csrfOf } from '../support/accounts';
import { loggedInAgent, makeApplication, makeCoe, makeUser } from '../support/factories';
import { press, useOffice } from './office-support';

describe('office examination: 許可 — once under concurrency, and the e-COE of a COE application (issue 13 item 4)', () => {
  const t = useOffice();

  const coeApplication = async () => {
    const staff = await makeUser(t.office, { category: 'institution_staff' });
    const app = await makeApplication(t.office, staff, {
      procedureCode: 'coe',
      residenceCardNumber: null,
      addressInJapan: null,
      wantedStatus: 'student',
      organisation: { name: 'Example University', address: '東京都新宿区西新宿2-8-1', phone: '0312345678' },
      status: 'examining',
    });
    return { staff, app };
  };
  const count = async (sql: string, params: unknown[]) =>
    (await queryRows<{ n: number }>(t.db, `SELECT count(*)::int AS n FROM ${sql}`, params))[0].n;

  it('two officers pressing 許可 at once decide once: one e-COE, one mail, the other told it is already decided', async () => {
    for (let round = 0; round < 4; round++) {
      const { staff, app } = await coeApplication();
      const [pageA, pageB] = await Promise.all([
        t.agentA.get(`/applications/${app.number}`),
        t.agentB.get(`/applications/${app.number}`),
      ]);
      const answers = await Promise.all([
        t.agentA.post(`/applications/${app.number}/approve?lng=ja`, { _csrf: csrfOf(pageA.text) }),
        t.agentB.post(`/applications/${app.number}/approve?lng=ja`, { _csrf: csrfOf(pageB.text) }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([303, 409]);
      const loser = answers.find((a) => a.status === 409)!;
      expect(loser.text).toContain('この申請は審査が終了しているため');

      expect(await count(`audit_log WHERE event = 'coe.issued' AND details->>'application' = $1`, [app.number])).toBe(
        1,
      );
      expect(await count(`mail_outbox WHERE template = 'coe/issued' AND to_address = $1`, [staff.email])).toBe(1);
      expect(await count(`mail_outbox WHERE topic = $1`, [applicationTopic(app.id)])).toBe(1);
      expect(await count(`application_event WHERE application_id = $1 AND to_status = 'decided'`, [app.id])).toBe(1);
      expect(
        await count(`audit_log WHERE event = 'application.approved' AND details->>'number' = $1`, [app.number]),
      ).toBe(1);
    }
  });

  it('puts the e-COE in the filer’s receipt ledger and links the application and the e-COE both ways', async () => {
    const { staff, app } = await coeApplication();
    expect((await press(t.agentA, app.number, 'approve')).status).toBe(303);
    const page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    expect(page.text).toContain('<dd id="status">結果（許可）</dd>');
    const coeNumber = /<a href="\/coes\/([^"]+)" id="coe-link">/.exec(page.text)?.[1];
    expect(coeNumber).toBeTruthy();
    // Nothing is left to press once the certificate is out.
    expect(page.text).not.toMatch(/id="(approve|deny|issue-result|examine)"/);

    const coePage = await t.agentA.get(`/coes/${coeNumber}?lng=ja`);
    expect(coePage.status).toBe(200);
    expect(coePage.text).toContain(`<a href="/applications/${app.number}" id="coe-origin">${app.number}</a>`);

    const filer = await loggedInAgent(t.portal, staff);
    expect((await filer.get('/receipts')).text).toContain(coeNumber);

    // A certificate issued at the counter has no application to link to.
    const counter = await makeCoe(t.office, staff);
    expect((await t.agentA.get(`/coes/${counter.number}`)).text).not.toContain('id="coe-origin"');
  });

  it('approves a non-COE application, then 結果通知 gives the result', async () => {
    const filer = await makeUser(t.office);
    const app = await makeApplication(t.office, filer, { status: 'examining' });
    expect((await press(t.agentA, app.number, 'approve')).status).toBe(303);
    let page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    expect(page.text).toContain('<dd id="status">審査終了（許可）</dd>');
    expect(page.text).not.toContain('id="coe-link"');
    expect((await press(t.agentA, app.number, 'issue-result')).status).toBe(303);
    page = await t.agentA.get(`/applications/${app.number}?lng=ja`);
    expect(page.text).toContain('<dd id="status">結果（許可）</dd>');
    expect(await count(`mail_outbox WHERE topic = $1`, [applicationTopic(app.id)])).toBe(2);
  });
});
