import { validateForm } from '@app/platform';
import { procedureByCode } from '@app/procedures';
import { applicationSchema, draftDataSchema } from './application.forms';

const today = '2026-04-01';
const extension = procedureByCode('extension')!;
const coe = procedureByCode('coe')!;

const inJapan = {
  nameEn: ' nguyen van an ',
  nationality: 'vnm',
  dateOfBirth: '1998-05-04',
  sex: 'male',
  passportNumber: 'c1234567',
  residenceCardNumber: 'ab 12345678 cd',
  addressInJapan: '東京都千代田区霞が関1-1-1',
  wantedStatus: 'student',
  wantedPeriodMonths: '12',
  reason: 'To finish my degree.',
  office: 'tokyo',
};

describe('application form', () => {
  it('accepts a full in-Japan application and normalises what the user typed', () => {
    const r = validateForm(applicationSchema(extension, 'foreign_national', today), inJapan);
    expect(r).toMatchObject({
      ok: true,
      values: {
        nameEn: 'NGUYEN VAN AN',
        nationality: 'VNM',
        passportNumber: 'C1234567',
        residenceCardNumber: 'AB12345678CD',
        wantedPeriodMonths: 12,
      },
    });
  });

  it('puts each problem beside its field as a localized key', () => {
    const r = validateForm(applicationSchema(extension, 'foreign_national', today), {
      ...inJapan,
      nameEn: 'Nguyễn',
      nationality: 'XXX',
      dateOfBirth: '2030-01-01',
      residenceCardNumber: 'A12345678CD',
      addressInJapan: '',
      wantedStatus: 'temporary_visitor',
      wantedPeriodMonths: '0',
      reason: 'x'.repeat(2001),
      office: 'mars',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      nameEn: ['validation.nameEn'],
      nationality: ['coe:validation.nationality'],
      dateOfBirth: ['validation.dateOfBirthRange'],
      residenceCardNumber: ['applications:validation.residenceCardNumber'],
      addressInJapan: ['validation.required'],
      wantedStatus: ['applications:validation.wantedStatus'],
      wantedPeriodMonths: ['applications:validation.wantedPeriod'],
      reason: ['validation.tooLong'],
      office: ['applications:validation.office'],
    });
  });

  it('keeps the reason within the lines the 申請書 prints', () => {
    const schema = applicationSchema(extension, 'foreign_national', today);
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i}`).join('\r\n');
    expect(validateForm(schema, { ...inJapan, reason: lines(60) }).ok).toBe(true);
    expect(validateForm(schema, { ...inJapan, reason: lines(61) })).toEqual({
      ok: false,
      errors: { reason: ['applications:validation.reasonLines'] },
    });
  });

  it('asks no residence card or address for someone abroad, and drops them if sent', () => {
    const { residenceCardNumber: _, addressInJapan: __, ...abroad } = inJapan;
    const r = validateForm(applicationSchema(coe, 'institution_staff', today), {
      ...abroad,
      residenceCardNumber: 'AB12345678CD',
      organisationName: 'Example University',
      organisationAddress: '東京都新宿区1-1',
      organisationPhone: '0312345678',
    });
    expect(r).toMatchObject({ ok: true });
    if (r.ok) expect(r.values.residenceCardNumber).toBeUndefined();
  });

  it('asks institution staff for the organisation and a lawyer for the representative', () => {
    const staff = validateForm(applicationSchema(extension, 'institution_staff', today), inJapan);
    expect(staff.ok || Object.keys(staff.errors).sort()).toEqual([
      'organisationAddress',
      'organisationName',
      'organisationPhone',
    ]);
    const lawyer = validateForm(applicationSchema(extension, 'lawyer', today), {
      ...inJapan,
      representativeName: 'yamada hanako',
      representativeRole: 'judge',
      representativePhone: '0312345678',
    });
    expect(lawyer.ok || lawyer.errors).toEqual({ representativeRole: ['applications:validation.representativeRole'] });
  });

  it('asks re-entry which procedure it goes with', () => {
    const reentry = procedureByCode('reentry')!;
    const r = validateForm(applicationSchema(reentry, 'foreign_national', today), inJapan);
    expect(r.ok || r.errors).toEqual({ filedWith: ['validation.required'] });
  });

  it('keeps a draft as typed, bounded, and nothing else', () => {
    const r = draftDataSchema.safeParse({ nameEn: 'half typed', isAdmin: true });
    expect(r.success && r.data).toEqual({ nameEn: 'half typed' });
    expect(draftDataSchema.safeParse({ reason: 'x'.repeat(2001) }).success).toBe(false);
    expect(draftDataSchema.safeParse({ nameEn: 5 }).success).toBe(false);
  });
});
