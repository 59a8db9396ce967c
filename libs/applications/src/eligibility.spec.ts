import { CATEGORIES } from '@app/accounts';
import { allProcedures, procedureByCode } from '@app/procedures';
import { checkEligibility, eligibilityQuestions, mayFile } from './eligibility';

const p = (code: string) => procedureByCode(code)!;
const reasons = (r: ReturnType<typeof checkEligibility>) => (r.ok ? [] : r.refusals.map((x) => x.reason));

describe('eligibility', () => {
  it('follows the procedure data on who may file', () => {
    for (const proc of allProcedures())
      for (const c of CATEGORIES) expect(mayFile(proc, c)).toBe((proc.filers as string[]).includes(c));
    expect(mayFile(p('coe'), 'foreign_national')).toBe(false);
    expect(mayFile(p('extension'), 'foreign_national')).toBe(true);
  });

  it('asks a COE filer whether the applicant is abroad and for the wanted status', () => {
    expect(eligibilityQuestions(p('coe')).map((q) => q.id)).toEqual(['applicantAbroad', 'status']);
    const ok = { applicantAbroad: 'yes', status: 'student' };
    expect(checkEligibility(p('coe'), 'institution_staff', ok)).toEqual({ ok: true });
    expect(reasons(checkEligibility(p('coe'), 'institution_staff', { ...ok, applicantAbroad: 'no' }))).toEqual([
      'notAbroad',
    ]);
    expect(reasons(checkEligibility(p('coe'), 'foreign_national', ok))).toEqual(['category']);
  });

  it('asks for a change or an extension that the applicant is in Japan with a residence card', () => {
    expect(eligibilityQuestions(p('extension')).map((q) => q.id)).toEqual([
      'applicantInJapan',
      'residenceCard',
      'status',
    ]);
    const ok = {
      applicantInJapan: true,
      residenceCard: true,
      status: 'engineer_specialist_in_humanities_international_services',
    };
    expect(checkEligibility(p('extension'), 'foreign_national', ok)).toEqual({ ok: true });
    expect(
      reasons(checkEligibility(p('change'), 'lawyer', { ...ok, applicantInJapan: false, residenceCard: 'no' })),
    ).toEqual(['notInJapan', 'noResidenceCard']);
    // 在留資格取得: a child born in Japan has no residence card yet.
    expect(eligibilityQuestions(p('acquisition')).map((q) => q.id)).not.toContain('residenceCard');
  });

  it.each([
    ['diplomat', 'statusNotOnline'],
    ['temporary_visitor', 'statusNotOnline'],
    ['designated_activities:departure_preparation', 'statusNotOnline'],
    ['permanent_resident', 'statusNotTaken'],
    ['designated_activities:anything_else', 'statusNotTaken'],
    ['', 'unanswered'],
  ])('refuses the status %s with %s', (status, reason) => {
    const r = checkEligibility(p('change'), 'foreign_national', {
      applicantInJapan: 'yes',
      residenceCard: 'yes',
      status,
    });
    expect(reasons(r)).toEqual([reason]);
    if (!r.ok && status) expect(r.refusals[0]).toMatchObject({ question: 'status', values: { status } });
  });

  it('keeps 特定活動 itself and offers the refused statuses among the options, so the refusal can be told', () => {
    const ok = { applicantInJapan: 'yes', residenceCard: 'yes', status: 'designated_activities' };
    expect(checkEligibility(p('change'), 'foreign_national', ok)).toEqual({ ok: true });
    const options = eligibilityQuestions(p('change')).find((q) => q.id === 'status')!.options!;
    expect(options).toEqual(
      expect.arrayContaining(['student', 'temporary_visitor', 'designated_activities:departure_preparation']),
    );
  });

  it('files re-entry and extra activity only together with a change, extension or acquisition', () => {
    const base = { applicantInJapan: 'yes', residenceCard: 'yes', status: 'student' };
    expect(reasons(checkEligibility(p('reentry'), 'foreign_national', base))).toEqual(['filedAlone']);
    expect(reasons(checkEligibility(p('extra-activity'), 'foreign_national', { ...base, filedWith: 'coe' }))).toEqual([
      'filedAlone',
    ]);
    expect(checkEligibility(p('reentry'), 'foreign_national', { ...base, filedWith: 'extension' })).toEqual({
      ok: true,
    });
    expect(eligibilityQuestions(p('reentry')).at(-1)).toMatchObject({
      id: 'filedWith',
      options: ['change', 'extension', 'acquisition'],
    });
  });

  it('gives every refusal an applications: message key', () => {
    const r = checkEligibility(p('reentry'), 'foreign_national', {});
    expect(r.ok).toBe(false);
    if (!r.ok) for (const x of r.refusals) expect(x.messageKey).toBe(`applications:eligibility.refused.${x.reason}`);
  });
});
