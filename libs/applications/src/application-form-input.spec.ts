import type { Category } from '@app/accounts';
import { validateForm } from '@app/platform';
import { procedureByCode } from '@app/procedures';
import { applicationFormInput, filedDataOf } from './application-form-input';
import { applicationSchema, ApplicationData } from './application.forms';
import { checklistFor } from './checklist';

const today = '2026-04-01';
const extension = procedureByCode('extension')!;
const coe = procedureByCode('coe')!;
const at = new Date('2026-04-01T03:00:00Z');

const applicant = {
  nameEn: 'SANTOS MARIA CLARA',
  nationality: 'PHL',
  dateOfBirth: '1990-11-23',
  sex: 'female',
  passportNumber: 'P7654321A',
  residenceCardNumber: 'EF87654321GH',
  addressInJapan: '大阪府大阪市中央区大手前2-1-22',
  wantedStatus: 'engineer_specialist_in_humanities_international_services',
  reason: 'To keep working as a systems engineer.',
  office: 'osaka',
};
const form = {
  ...applicant,
  wantedPeriodMonths: '36',
  organisationName: 'Kasumi Trading K.K.',
  organisationAddress: '東京都港区芝公園4-2-8',
  organisationPhone: '0312345678',
  representativeName: 'TANAKA HANAKO',
  representativeRole: 'attorney',
  representativePhone: '0387654321',
};

/** The form's data as submission sees it: through the full rules of `category`. */
function valid(category: Category, p = extension, fields: Record<string, string> = form): ApplicationData {
  const r = validateForm(applicationSchema(p, category, today), fields);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.values;
}

const documents = [
  { item: 'photo', originalName: 'face.jpg', size: 2048, sha256: 'a'.repeat(64) },
  { item: 'other', originalName: 'contract.pdf', size: 4096, sha256: 'b'.repeat(64) },
];

describe('the one applicant mapper (stored row and 申請書 input)', () => {
  it('stores the applicant and drops the details a category is not asked', () => {
    expect(filedDataOf(extension, 'foreign_national', valid('foreign_national'))).toEqual({
      ...applicant,
      inJapan: true,
      wantedPeriodMonths: 36,
      filedWith: null,
      organisation: null,
      representative: null,
    });
    expect(filedDataOf(extension, 'institution_staff', valid('institution_staff'))).toMatchObject({
      organisation: { name: 'Kasumi Trading K.K.', address: '東京都港区芝公園4-2-8', phone: '0312345678' },
      representative: null,
    });
    expect(filedDataOf(extension, 'lawyer', valid('lawyer'))).toMatchObject({
      organisation: null,
      representative: { name: 'TANAKA HANAKO', role: 'attorney', phone: '0387654321' },
    });
    const abroad = filedDataOf(coe, 'institution_staff', valid('institution_staff', coe));
    expect(abroad).toMatchObject({ inJapan: false, residenceCardNumber: null, addressInJapan: null });
  });

  it('prints a draft as before: no number, no filing time, labels from the checklist', () => {
    const input = applicationFormInput(
      extension,
      filedDataOf(extension, 'lawyer', valid('lawyer')),
      { category: 'lawyer', nameEn: 'TANAKA HANAKO' },
      documents,
      { number: null, filedAt: null, generatedAt: at },
    );
    const photo = checklistFor(extension, form.wantedStatus).find((i) => i.id === 'photo')!;
    expect(input).toEqual({
      procedure: { code: 'extension', nameJa: extension.name.ja, nameEn: extension.name.en },
      number: null,
      filedAt: null,
      generatedAt: at,
      applicant: {
        nameEn: 'SANTOS MARIA CLARA',
        nationality: { code: 'PHL', nameJa: 'フィリピン', nameEn: 'Philippines' },
        dateOfBirth: '1990-11-23',
        sex: 'female',
        passportNumber: 'P7654321A',
        residenceCardNumber: 'EF87654321GH',
        addressInJapan: '大阪府大阪市中央区大手前2-1-22',
        inJapan: true,
      },
      wanted: {
        status: {
          code: 'engineer_specialist_in_humanities_international_services',
          ja: expect.stringContaining('技術'),
          en: expect.stringContaining('Engineer'),
        },
        periodMonths: 36,
        reason: 'To keep working as a systems engineer.',
      },
      filer: {
        category: { ja: '弁護士・行政書士', en: 'Attorney/Administrative Procedures Legal Specialist' },
        nameEn: 'TANAKA HANAKO',
        representative: {
          name: 'TANAKA HANAKO',
          relationship: '弁護士 / Attorney',
          address: null,
          phone: '0387654321',
        },
      },
      documents: [
        {
          label: { ja: photo.label.ja, en: photo.label.en },
          originalName: 'face.jpg',
          size: 2048,
          sha256: 'a'.repeat(64),
        },
        {
          label: { ja: 'その他の書類', en: expect.any(String) },
          originalName: 'contract.pdf',
          size: 4096,
          sha256: 'b'.repeat(64),
        },
      ],
    });
  });

  it('prints the filed application from its stored row exactly as its draft printed, but for the stamp', () => {
    for (const category of ['foreign_national', 'institution_staff', 'lawyer', 'legal_representative'] as const) {
      const data = valid(category, extension, { ...form, representativeRole: 'parent' });
      const filer = { category, nameEn: 'FILER NAME' };
      const draft = applicationFormInput(extension, filedDataOf(extension, category, data), filer, documents, {
        number: null,
        filedAt: null,
        generatedAt: at,
      });
      // A stored row has more columns than the form prints (status, ids…): they must not matter.
      const row = { ...filedDataOf(extension, category, data), status: 'withdrawn', filerId: 'x', number: 'A2026-X' };
      const filed = applicationFormInput(extension, row, filer, documents, {
        number: 'A2026-7KQ9M2XAPQ',
        filedAt: at,
        generatedAt: at,
      });
      expect({ ...filed, number: null, filedAt: null }).toEqual(draft);
    }
  });
});
