import {
  APPLICATION_NUMBER_PATTERN,
  ApplicationInvalidError,
  ApplicationNotFoundError,
  NotEligibleError,
  TransitionRefusedError,
} from '@app/applications';
import { queryRows } from '@app/platform';
import {
  APPLICATION_FORM,
  eligibleAnswers,
  makeApplication,
  makeUser,
  storedPdf,
  storedPhoto,
} from '../support/factories';
import { auditOf, eventsOf, examiner, mailsOf, useApplications } from './support';

const PERSONAL = [
  APPLICATION_FORM.nameEn,
  APPLICATION_FORM.passportNumber,
  APPLICATION_FORM.residenceCardNumber,
  '1995',
  'VNM',
  'Viet',
];

describe('filing and examining an application (service tier, real PostgreSQL)', () => {
  const t = useApplications();

  it('draft → submit → examine → request → answer → approve → result, with events, audit and mails', async () => {
    const filer = await makeUser(t.app, { category: 'foreign_national', lng: 'en' });
    const officer = await examiner(t.app);
    const draft = await t.drafts.create(filer.id, 'extension', eligibleAnswers('extension'));
    expect(draft.data.fields.wantedStatus).toBe(APPLICATION_FORM.wantedStatus);
    await t.drafts.save(filer.id, draft.id, { ...APPLICATION_FORM, isAdmin: 'yes' });
    expect((await t.drafts.get(filer.id, draft.id)).draft.data.fields).toEqual(APPLICATION_FORM);

    // The face photo is required, as a JPEG.
    await expect(t.filing.submit(filer.id, draft.id)).rejects.toMatchObject({
      errors: { photo: ['applications:validation.documentMissing'] },
    });
    await expect(t.drafts.attachDocument(filer.id, draft.id, 'photo', storedPdf())).rejects.toBeInstanceOf(
      ApplicationInvalidError,
    );
    await expect(t.drafts.attachDocument(filer.id, draft.id, 'diploma', storedPdf())).rejects.toMatchObject({
      errors: { item: ['applications:validation.item'] },
    });
    await t.drafts.attachDocument(filer.id, draft.id, 'photo', storedPhoto());
    // Documents are listed in upload order (uploaded_at, then id).
    t.clock.advance(1000);
    const extra = await t.drafts.attachDocument(filer.id, draft.id, 'other', storedPdf('contract.pdf'));
    await t.drafts.attachDocument(filer.id, draft.id, 'other', storedPdf('old.pdf'));
    const removed = (await t.drafts.get(filer.id, draft.id)).documents.find((d) => d.originalName === 'old.pdf')!;
    expect((await t.drafts.removeDocument(filer.id, draft.id, removed.id)).storageKey).toBe(removed.storageKey);

    t.clock.advance(60_000);
    const app = await t.filing.submit(filer.id, draft.id, '203.0.113.9');
    expect(app.number).toMatch(APPLICATION_NUMBER_PATTERN);
    expect(app).toMatchObject({
      status: 'received',
      nameEn: 'NGUYEN VAN AN',
      inJapan: true,
      filerCategory: 'foreign_national',
    });
    await expect(t.drafts.get(filer.id, draft.id)).rejects.toBeInstanceOf(ApplicationNotFoundError);
    const view = await t.filing.getOwn(filer.id, app.number);
    expect(view.documents.map((d) => [d.item, d.applicationId, d.draftId])).toEqual([
      ['photo', app.id, null],
      ['other', app.id, null],
    ]);
    expect(view.documents[1].id).toBe(extra.id);

    const [received] = await mailsOf(t.db, app.id);
    expect(received).toMatchObject({ template: 'applications/received', to_address: filer.email, lng: 'en' });
    expect(received.text_body).toContain(app.number);
    expect(received.text_body).toContain('Application for Extension of Period of Stay');
    expect(received.text_body).toContain(`/applications/${app.number}`);
    for (const p of PERSONAL) expect(received.text_body + received.html_body + received.subject).not.toContain(p);

    await t.exam.examine(officer, app.number);
    // A deadline must be after today (Japan time).
    await expect(
      t.exam.requestDocuments(officer, app.number, 'Send the tax certificate.', '2026-04-01'),
    ).rejects.toMatchObject({
      code: 'deadlineNotFuture',
    });
    const asked = await t.exam.requestDocuments(officer, app.number, 'Send the tax certificate.', '2026-04-15');
    expect(asked.application.status).toBe('documents_requested');
    // Only the filer answers, and only their own.
    await expect(t.filing.answer(filer.id, app.number, '', [])).rejects.toMatchObject({ code: 'answerEmpty' });
    const answered = await t.filing.answer(filer.id, app.number, 'Attached.', [
      { item: 'other', file: storedPdf('tax.pdf') },
    ]);
    expect(answered.application.status).toBe('examining');
    const tax = (await t.filing.getOwn(filer.id, app.number)).documents.find((d) => d.originalName === 'tax.pdf')!;
    expect(tax.requestEventId).toBe(asked.event.id);

    await t.exam.approve(officer, app.number);
    await t.exam.issueResult(officer, app.number);
    await expect(t.filing.withdraw(filer.id, app.number)).rejects.toMatchObject({ code: 'alreadyDecided' });

    expect((await eventsOf(t.db, app.id)).map((e) => [e.type, e.to_status, e.decision, e.actor_kind])).toEqual([
      ['submitted', 'received', null, 'filer'],
      ['status_changed', 'examining', null, 'officer'],
      ['status_changed', 'documents_requested', null, 'officer'],
      ['documents_added', null, null, 'filer'],
      ['status_changed', 'examining', null, 'filer'],
      ['status_changed', 'decided', 'approved', 'officer'],
      ['status_changed', 'result_issued', null, 'officer'],
    ]);
    const request = (await eventsOf(t.db, app.id))[2];
    expect(request).toMatchObject({
      message: 'Send the tax certificate.',
      deadline: '2026-04-15',
      actor_id: officer.officerId,
    });

    expect(await auditOf(t.db, app.number)).toEqual([
      { event: 'application.submitted', actor: filer.loginId },
      { event: 'application.examined', actor: `officer:${officer.loginId}` },
      { event: 'application.documents_requested', actor: `officer:${officer.loginId}` },
      { event: 'application.answered', actor: filer.loginId },
      { event: 'application.approved', actor: `officer:${officer.loginId}` },
      { event: 'application.result_issued', actor: `officer:${officer.loginId}` },
    ]);

    const mails = await mailsOf(t.db, app.id);
    expect(mails.map((m) => m.template)).toEqual([
      'applications/received',
      ...Array(5).fill('applications/status-changed'),
    ]);
    expect(mails[2].text_body).toContain('Additional documents requested');
    expect(mails[4].text_body).toContain('Examination completed (approved)');
    // The officer's request stays on the page behind the login, like everything personal.
    for (const m of mails.slice(1)) {
      for (const p of [...PERSONAL, 'tax certificate']) expect(m.text_body + m.html_body).not.toContain(p);
    }
  });

  it('refuses a category the procedure does not take and answers that rule it out, also at submission', async () => {
    const national = await makeUser(t.app, { category: 'foreign_national' });
    await expect(t.drafts.create(national.id, 'coe', eligibleAnswers('coe', 'student'))).rejects.toMatchObject({
      refusals: [{ reason: 'category' }],
    });
    await expect(
      t.drafts.create(national.id, 'change', { ...eligibleAnswers('change'), status: 'temporary_visitor' }),
    ).rejects.toBeInstanceOf(NotEligibleError);
    await expect(t.drafts.create(national.id, 'reentry', eligibleAnswers('reentry'))).rejects.toMatchObject({
      refusals: [{ reason: 'filedAlone' }],
    });
    await expect(t.drafts.create(national.id, 'no-such', {})).rejects.toMatchObject({ status: 404 });

    // A draft saved with a status the procedure does not take fails the full check at submission.
    const draft = await t.drafts.create(national.id, 'extension', eligibleAnswers('extension'));
    await t.drafts.save(national.id, draft.id, { ...APPLICATION_FORM, wantedStatus: 'diplomat' });
    await t.drafts.attachDocument(national.id, draft.id, 'photo', storedPhoto());
    await expect(t.filing.submit(national.id, draft.id)).rejects.toMatchObject({
      errors: { wantedStatus: ['applications:validation.wantedStatus'] },
    });
    // A draft's category is read again at submission: a filer who became institution staff owes the organisation.
    await t.db.query(`UPDATE app_user SET category = 'institution_staff' WHERE id = $1`, [national.id]);
    await t.drafts.save(national.id, draft.id, APPLICATION_FORM);
    await expect(t.filing.submit(national.id, draft.id)).rejects.toMatchObject({
      errors: { organisationName: ['validation.required'] },
    });
  });

  it('shows a filer only their own drafts and applications; another filer finds nothing', async () => {
    const owner = await makeUser(t.app);
    const stranger = await makeUser(t.app);
    const draft = await t.drafts.create(owner.id, 'extension', eligibleAnswers('extension'));
    const app = await makeApplication(t.app, owner);
    for (const attempt of [
      t.drafts.get(stranger.id, draft.id),
      t.drafts.save(stranger.id, draft.id, APPLICATION_FORM),
      t.drafts.attachDocument(stranger.id, draft.id, 'photo', storedPhoto()),
      t.filing.submit(stranger.id, draft.id),
      t.filing.getOwn(stranger.id, app.number),
      t.filing.withdraw(stranger.id, app.number),
      t.filing.answer(stranger.id, app.number, 'note', []),
      t.drafts.get(owner.id, 'not-a-uuid'),
      t.filing.getOwn(owner.id, "A2026-' OR 1=1"),
    ])
      await expect(attempt).rejects.toBeInstanceOf(ApplicationNotFoundError);
    expect(await t.drafts.list(stranger.id)).toEqual([]);
    expect((await t.filing.listOwn(stranger.id)).rows).toEqual([]);
    expect((await t.filing.getOwn(owner.id, app.number)).application.id).toBe(app.id);
    const withdrawn = await t.filing.withdraw(owner.id, app.number);
    expect(withdrawn.application).toMatchObject({ status: 'withdrawn' });
    const [row] = await queryRows<{ withdrawn_at: Date | null }>(
      t.db,
      `SELECT withdrawn_at FROM application WHERE id = $1`,
      [app.id],
    );
    expect(row.withdrawn_at).toEqual(t.clock.now());
  });

  it('lists a filer’s applications newest first, by keyset pages, filtered by the applicant’s name', async () => {
    const staff = await makeUser(t.app, { category: 'institution_staff' });
    const names = ['KIM MINJI', 'NGUYEN VAN AN', 'NGUYEN THI BICH', 'SANTOS MARIA', 'NGO BAO'];
    const start = t.clock.now().getTime();
    for (const [i, nameEn] of names.entries())
      await makeApplication(t.app, staff, { nameEn, submittedAt: new Date(start + i * 1000) });
    const first = await t.filing.listOwn(staff.id, { limit: 2 });
    expect(first.rows.map((a) => a.nameEn)).toEqual(['NGO BAO', 'SANTOS MARIA']);
    const second = await t.filing.listOwn(staff.id, { limit: 2, cursor: first.next });
    const third = await t.filing.listOwn(staff.id, { limit: 2, cursor: second.next });
    expect([...second.rows, ...third.rows].map((a) => a.nameEn)).toEqual([
      'NGUYEN THI BICH',
      'NGUYEN VAN AN',
      'KIM MINJI',
    ]);
    expect(third.next).toBeUndefined();
    expect((await t.filing.listOwn(staff.id, { applicant: ' nguyen ' })).rows.map((a) => a.nameEn)).toEqual([
      'NGUYEN THI BICH',
      'NGUYEN VAN AN',
    ]);
    // LIKE's wildcards are literal in a name filter.
    expect((await t.filing.listOwn(staff.id, { applicant: '%' })).rows).toEqual([]);
  });

  it('queues open applications oldest first by procedure, status, office and officer, and assigns', async () => {
    const filer = await makeUser(t.app, { category: 'institution_staff' });
    const me = await examiner(t.app);
    const base = new Date('2020-01-01T00:00:00Z').getTime();
    const a = await makeApplication(t.app, filer, { office: 'sapporo', submittedAt: new Date(base) });
    const b = await makeApplication(t.app, filer, {
      office: 'sapporo',
      procedureCode: 'change',
      submittedAt: new Date(base + 1000),
    });
    await makeApplication(t.app, filer, { office: 'sapporo', status: 'withdrawn', submittedAt: new Date(base + 2000) });
    const sapporo = await t.exam.queue({ office: 'sapporo' });
    expect(sapporo.rows.map((x) => x.id)).toEqual([a.id, b.id]);
    expect((await t.exam.queue({ office: 'sapporo', procedureCode: 'change' })).rows.map((x) => x.id)).toEqual([b.id]);
    expect((await t.exam.queue({ office: 'sapporo', statuses: ['withdrawn'] })).rows).toHaveLength(1);
    const page = await t.exam.queue({ office: 'sapporo' }, undefined, 1);
    expect((await t.exam.queue({ office: 'sapporo' }, page.next, 1)).rows.map((x) => x.id)).toEqual([b.id]);

    await t.exam.assignToMe(me, b.number);
    expect((await t.exam.queue({ office: 'sapporo', assignedOfficer: me.officerId })).rows.map((x) => x.id)).toEqual([
      b.id,
    ]);
    expect((await t.exam.queue({ office: 'sapporo', assignedOfficer: null })).rows.map((x) => x.id)).toEqual([a.id]);
    expect((await auditOf(t.db, b.number)).map((x) => x.event)).toEqual(['application.assigned']);
  });

  it('replays a transition retried with the same idempotency key, and refuses the key for another command', async () => {
    const filer = await makeUser(t.app);
    const app = await makeApplication(t.app, filer);
    const api = { kind: 'api' as const, keyId: 'key-1' };
    const first = await t.exam.apply(api, app.number, { action: 'examine' }, { idempotencyKey: 'k-1' });
    const again = await t.exam.apply(api, app.number, { action: 'examine' }, { idempotencyKey: 'k-1' });
    expect(first).toMatchObject({ replayed: false, application: { status: 'examining' } });
    expect(again).toEqual({ ...first, replayed: true });
    await expect(t.exam.apply(api, app.number, { action: 'approve' }, { idempotencyKey: 'k-1' })).rejects.toMatchObject(
      {
        status: 409,
      },
    );
    expect((await eventsOf(t.db, app.id)).filter((e) => e.type === 'status_changed')).toHaveLength(1);
    // Without a key a repeat is a refusal, not a second change.
    await expect(t.exam.apply(api, app.number, { action: 'examine' })).rejects.toBeInstanceOf(TransitionRefusedError);
  });
});
