import { CATEGORY_ENGLISH_NAMES, Category, QUALIFICATIONS } from '@app/accounts';
import { nationalityName, statusByCode } from '@app/coe';
import { translator } from '@app/platform';
import type { Procedure } from '@app/procedures';
import type { ApplicationDocument } from './application-document.entity';
import type { ApplicationPdfInput } from './application-form-pdf';
import type { Application } from './application.entity';
import { ApplicationData, filerDetailsKind } from './application.forms';
import { checklistFor, procedureOrFail } from './checklist';
import { applicantIsAbroad } from './eligibility';
import type { ApplicationView } from './filing.service';
import type { Bilingual } from './pdf/application-pdf-input';

/**
 * What an application keeps of the form's data: the applicant, what is wanted, and the organisation or
 * representative details its filer's category is asked. Submission stores exactly this, and the 申請書
 * prints exactly this, so a draft's form and the filed one cannot drift apart.
 */
export type FiledData = Pick<
  Application,
  | 'nameEn'
  | 'nationality'
  | 'dateOfBirth'
  | 'sex'
  | 'passportNumber'
  | 'residenceCardNumber'
  | 'addressInJapan'
  | 'inJapan'
  | 'wantedStatus'
  | 'wantedPeriodMonths'
  | 'reason'
  | 'filedWith'
  | 'organisation'
  | 'representative'
  | 'office'
>;

/** The stored shape of data that passed `applicationSchema` (the fields a category is not asked are null). */
export function filedDataOf(p: Procedure, category: Category, data: ApplicationData): FiledData {
  const details = filerDetailsKind(category);
  return {
    nameEn: data.nameEn,
    nationality: data.nationality,
    dateOfBirth: data.dateOfBirth,
    sex: data.sex,
    passportNumber: data.passportNumber,
    residenceCardNumber: data.residenceCardNumber ?? null,
    addressInJapan: data.addressInJapan ?? null,
    inJapan: !applicantIsAbroad(p),
    wantedStatus: data.wantedStatus,
    wantedPeriodMonths: data.wantedPeriodMonths,
    reason: data.reason,
    filedWith: data.filedWith ?? null,
    organisation:
      details === 'organisation'
        ? { name: data.organisationName!, address: data.organisationAddress!, phone: data.organisationPhone! }
        : null,
    representative:
      details === 'representative'
        ? { name: data.representativeName!, role: data.representativeRole!, phone: data.representativePhone! }
        : null,
    office: data.office,
  };
}

/** Who filed: the category at filing (the application's, not today's) and the account's name. */
export interface FormFiler {
  category: Category;
  nameEn: string | null;
}

/** A draft has neither number nor filing time (the form then carries the draft mark); a filed form both. */
export type FormStamp = { number: null; filedAt: null } | { number: string; filedAt: Date };

const bilingual = (key: string): Bilingual => ({ ja: translator('ja')(key), en: translator('en')(key) });

/** The label key of a representative's role: a lawyer's qualification or a legal representative's relationship. */
export const representativeRoleKey = (role: string): string =>
  (QUALIFICATIONS as readonly string[]).includes(role) ? `qualifications.${role}` : `relationships.${role}`;

/** The 申請書's input (docs/application-pdf.md) from the filed data: the review page's draft and the filed application. */
export function applicationFormInput(
  p: Procedure,
  filed: FiledData,
  filer: FormFiler,
  documents: Pick<ApplicationDocument, 'item' | 'originalName' | 'size' | 'sha256'>[],
  stamp: FormStamp & { generatedAt: Date },
): ApplicationPdfInput {
  const status = statusByCode(filed.wantedStatus);
  const items = checklistFor(p, filed.wantedStatus);
  const label = (item: string): Bilingual => {
    const known = items.find((i) => i.id === item);
    return known ? { ja: known.label.ja, en: known.label.en } : bilingual('applications:filing.documents.other');
  };
  const { organisation, representative } = filed;
  const role = representative ? bilingual(representativeRoleKey(representative.role)) : undefined;
  return {
    procedure: { code: p.code, nameJa: p.name.ja, nameEn: p.name.en },
    number: stamp.number,
    filedAt: stamp.filedAt,
    generatedAt: stamp.generatedAt,
    applicant: {
      nameEn: filed.nameEn,
      nationality: {
        code: filed.nationality,
        nameJa: nationalityName(filed.nationality, 'ja'),
        nameEn: nationalityName(filed.nationality, 'en'),
      },
      dateOfBirth: filed.dateOfBirth,
      sex: filed.sex,
      passportNumber: filed.passportNumber,
      residenceCardNumber: filed.residenceCardNumber,
      addressInJapan: filed.addressInJapan,
      inJapan: filed.inJapan,
    },
    wanted: {
      status: { code: filed.wantedStatus, ja: status?.ja ?? filed.wantedStatus, en: status?.en ?? filed.wantedStatus },
      periodMonths: filed.wantedPeriodMonths,
      reason: filed.reason,
    },
    filer: {
      category: { ja: translator('ja')(`categories.${filer.category}`), en: CATEGORY_ENGLISH_NAMES[filer.category] },
      nameEn: filer.nameEn ?? '',
      ...(organisation
        ? { organisation: { name: organisation.name, address: organisation.address, phone: organisation.phone } }
        : {}),
      ...(representative && role
        ? {
            representative: {
              name: representative.name,
              relationship: `${role.ja} / ${role.en}`,
              // Not asked by the filing form: the 申請書 prints a dash.
              address: null,
              phone: representative.phone,
            },
          }
        : {}),
    },
    documents: documents.map((d) => ({
      label: label(d.item),
      originalName: d.originalName,
      size: d.size,
      sha256: d.sha256,
    })),
  };
}

/**
 * The filed application's 申請書: the data as stored at submission (never a draft's), its 受付番号 and
 * filing time, and the documents filed with it (those sent later in answer to a request are listed on
 * the application page, not on the form). `filerName` is the filing account's name, if it has one.
 */
export function filedFormInput(
  { application: a, documents }: Pick<ApplicationView, 'application' | 'documents'>,
  filerName: string | null,
  generatedAt: Date,
): ApplicationPdfInput {
  return applicationFormInput(
    procedureOrFail(a.procedureCode),
    a,
    { category: a.filerCategory, nameEn: filerName },
    documents.filter((d) => d.requestEventId === null),
    { number: a.number, filedAt: a.submittedAt, generatedAt },
  );
}
