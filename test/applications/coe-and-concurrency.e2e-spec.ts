import { ApplicationExaminationService, ApplicationFilingService, TransitionRefusedError } from '@app/applications';
import { ReceiptLedger } from '@app/coe';
import { queryRows } from '@app/platform';
import { APPLICATION_FORM, eligibleAnswers, makeApplication, makeUser, storedPhoto } from '../support/factories';
import { eventsOf, examiner, mailsOf, useApplications } from './support';

const { residenceCardNumber: _card, addressInJapan: _address, ...ABROAD } = APPLICATION_FORM;
const COE_FORM = {
  ...ABROAD,
  wantedStatus: 'student',
  organisationName: 'Example University',
  organisationAddress: '東京都新宿区西新宿2-8-1',
  organisationPhone: '0312345678',
};

describe('approving a COE application and deciding under concurrency (real PostgreSQL)', () => {
  const t = useApplications();

  it('issues the e-COE to the filer on approval, in their receipt ledger, linked both ways', async () => {
    const staff = await makeUser(t.app, { category: 'institution_staff' });
    const officer = await examiner(t.app);
    const draft = await t.drafts.create(staff.id, 'coe', eligibleAnswers('coe', 'student'));
    await t.drafts.save(staff.id, draft.id, COE_FORM);
    await t.drafts.attachDocument(staff.id, draft.id, 'photo', storedPhoto());
    const app = await t.filing.submit(staff.id, draft.id);
    expect(app).toMatchObject({
      inJapan: false,
      residenceCardNumber: null,
      organisation: { name: 'Example University' },
    });
    await t.exam.examine(officer, app.number);
    const done = await t.exam.approve(officer, app.number);
    expect(done.application).toMatchObject({ status: 'result_issued', decision: 'approved' });
    const coeId = done.application.coeId!;
    expect(coeId).toBeTruthy();

    const [coe] = await queryRows<{
      number: string;
      recipient_id: string;
      holder_name_en: string;
      status_of_residence: string;
      issuing_office: string;
    }>(
      t.db,
      `SELECT number, recipient_id, holder_name_en, status_of_residence, issuing_office FROM coe WHERE id = $1`,
      [coeId],
    );
    expect(coe).toEqual({
      number: expect.any(String),
      recipient_id: staff.id,
      holder_name_en: 'NGUYEN VAN AN',
      status_of_residence: 'student',
      issuing_office: 'Tokyo Regional Immigration Services Bureau',
    });
    const ledger = await t.app.get(ReceiptLedger).view(staff.id, 1, 10);
    expect(ledger.rows.map((r) => r.number)).toEqual([coe.number]);
    expect((await t.exam.findByCoeId(coeId))?.number).toBe(app.number);
    expect((await t.filing.getOwn(staff.id, app.number)).application.coeId).toBe(coeId);

    // Two events for the one approval, one status mail (the result's) beside the certificate's own mail.
    expect((await eventsOf(t.db, app.id)).slice(-2).map((e) => [e.to_status, e.decision])).toEqual([
      ['decided', 'approved'],
      ['result_issued', null],
    ]);
    expect((await mailsOf(t.db, app.id)).map((m) => m.template)).toEqual([
      'applications/received',
      'applications/status-changed',
      'applications/status-changed',
    ]);
    const [issued] = await queryRows<{ n: number }>(
      t.db,
      `SELECT count(*)::int AS n FROM mail_outbox WHERE template = 'coe/issued' AND to_address = $1`,
      [staff.email],
    );
    expect(issued.n).toBe(1);
  });

  /** The services of the two contexts: separate connection pools, as two app processes would have. */
  const sides = () => [
    { filing: t.app.get(ApplicationFilingService), exam: t.app.get(ApplicationExaminationService) },
    { filing: t.other.get(ApplicationFilingService), exam: t.other.get(ApplicationExaminationService) },
  ];

  it.each([1, 2, 3, 4, 5])('decides once when approve, deny and withdraw race (round %i)', async () => {
    const filer = await makeUser(t.app);
    const [a, b] = [await examiner(t.app), await examiner(t.app)];
    const app = await makeApplication(t.app, filer, { status: 'examining' });
    const [one, two] = sides();
    const calls = [
      one.exam.approve(a, app.number),
      two.exam.approve(b, app.number),
      one.exam.deny(b, app.number, 'Not eligible.'),
      two.exam.deny(a, app.number, 'Not eligible.'),
      one.filing.withdraw(filer.id, app.number),
      two.filing.withdraw(filer.id, app.number),
    ];
    const results = await Promise.allSettled(calls);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TransitionRefusedError);
    const changes = (await eventsOf(t.db, app.id)).filter((e) => e.type === 'status_changed');
    expect(changes).toHaveLength(1);
    expect(await mailsOf(t.db, app.id)).toHaveLength(1);
    const [row] = await queryRows<{ status: string; version: number }>(
      t.db,
      `SELECT status, version FROM application WHERE id = $1`,
      [app.id],
    );
    expect(row).toEqual({ status: changes[0].to_status, version: 2 });
  });

  it('issues one e-COE when two officers approve a COE application at once', async () => {
    const staff = await makeUser(t.app, { category: 'institution_staff' });
    const [a, b] = [await examiner(t.app), await examiner(t.app)];
    const app = await makeApplication(t.app, staff, {
      procedureCode: 'coe',
      wantedStatus: 'student',
      status: 'examining',
    });
    const [one, two] = sides();
    const results = await Promise.allSettled([one.exam.approve(a, app.number), two.exam.approve(b, app.number)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ code: 'alreadyDecided' });
    const [coes] = await queryRows<{ n: number }>(t.db, `SELECT count(*)::int AS n FROM coe WHERE recipient_id = $1`, [
      staff.id,
    ]);
    expect(coes.n).toBe(1);
  });
});
