import { z } from 'zod';
import { Category, QUALIFICATIONS, RELATIONSHIPS } from '@app/accounts';
import { nationalityField } from '@app/coe';
import { addressField, dateOfBirthField, genderField, nameEnField, phoneField } from '@app/fields';
import { requiredText } from '@app/platform';
import type { Procedure } from '@app/procedures';
import { applicantIsAbroad, needsResidenceCard } from './eligibility';
import { OFFICE_CODES } from './offices';

/**
 * The application's fields as the filing form posts them (flat, so each error sits beside its field
 * through validateForm). Messages are i18n keys: the shared `validation.*` of @app/fields, and
 * `applications:validation.*` for the rules of this form.
 */
export const APPLICATION_FIELDS = [
  'nameEn',
  'nationality',
  'dateOfBirth',
  'sex',
  'passportNumber',
  'residenceCardNumber',
  'addressInJapan',
  'wantedStatus',
  'wantedPeriodMonths',
  'reason',
  'office',
  'filedWith',
  'organisationName',
  'organisationAddress',
  'organisationPhone',
  'representativeName',
  'representativeRole',
  'representativePhone',
] as const;
export type ApplicationField = (typeof APPLICATION_FIELDS)[number];

export const REASON_MAX = 2000;
/** The 申請書 prints at most this many lines of the reason (APPLICATION_PDF_LIMITS.reasonLines). */
export const REASON_MAX_LINES = 60;
export const WANTED_PERIOD_MAX_MONTHS = 60;
export const RESIDENCE_CARD_PATTERN = /^[A-Z]{2}\d{8}[A-Z]{2}$/;
export const PASSPORT_PATTERN = /^[A-Z0-9]{6,12}$/;
/** 代理人: the lawyer's qualification or the legal representative's relationship to the applicant. */
export const REPRESENTATIVE_ROLES = [...QUALIFICATIONS, ...RELATIONSHIPS] as const;

const upperCode = (pattern: RegExp, key: string) =>
  z
    .string({ error: 'validation.required' })
    .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
    .pipe(z.string().min(1, 'validation.required').regex(pattern, key));

const oneOf = <T extends string>(values: readonly T[], key: string) =>
  z.string({ error: 'validation.required' }).refine((v): v is T => (values as readonly string[]).includes(v), key);

/** Who the filer is decides which further details are asked: the organisation's, or the representative's. */
export const filerDetailsKind = (category: Category): 'organisation' | 'representative' | undefined =>
  category === 'institution_staff'
    ? 'organisation'
    : category === 'lawyer' || category === 'legal_representative'
      ? 'representative'
      : undefined;

// A field this application does not ask: whatever is sent is dropped (a crafted post cannot store it).
const absent = z
  .unknown()
  .transform((): undefined => undefined)
  .optional();

/**
 * The full application for submission: `today` is the date in Japan (a date of birth may not be later).
 * In-Japan procedures ask the address and (but 在留資格取得) the residence card; a COE application neither.
 */
export function applicationSchema(p: Procedure, category: Category, today: string) {
  const inJapan = !applicantIsAbroad(p);
  const details = filerDetailsKind(category);
  return z.object({
    nameEn: nameEnField,
    nationality: nationalityField,
    dateOfBirth: dateOfBirthField(today),
    sex: genderField,
    passportNumber: upperCode(PASSPORT_PATTERN, 'applications:validation.passportNumber'),
    residenceCardNumber: needsResidenceCard(p)
      ? upperCode(RESIDENCE_CARD_PATTERN, 'applications:validation.residenceCardNumber')
      : absent,
    addressInJapan: inJapan ? addressField : absent,
    wantedStatus: oneOf(p.statuses.allowed, 'applications:validation.wantedStatus'),
    wantedPeriodMonths: z.coerce
      .number({ error: 'applications:validation.wantedPeriod' })
      .int('applications:validation.wantedPeriod')
      .min(1, 'applications:validation.wantedPeriod')
      .max(WANTED_PERIOD_MAX_MONTHS, 'applications:validation.wantedPeriod'),
    // Within the 申請書's limits, so a valid application always prints (docs/application-pdf.md, "Limits").
    reason: requiredText(REASON_MAX).refine(
      (s) => s.split(/\r\n?|\n/).length <= REASON_MAX_LINES,
      'applications:validation.reasonLines',
    ),
    office: oneOf(OFFICE_CODES, 'applications:validation.office'),
    filedWith: p.filedWith ? oneOf(p.filedWith, 'applications:validation.filedWith') : absent,
    organisationName: details === 'organisation' ? requiredText(200) : absent,
    organisationAddress: details === 'organisation' ? addressField : absent,
    organisationPhone: details === 'organisation' ? phoneField : absent,
    representativeName: details === 'representative' ? nameEnField : absent,
    representativeRole:
      details === 'representative' ? oneOf(REPRESENTATIVE_ROLES, 'applications:validation.representativeRole') : absent,
    representativePhone: details === 'representative' ? phoneField : absent,
  });
}

export type ApplicationData = z.output<ReturnType<typeof applicationSchema>>;

/**
 * A draft: any of the fields, each a string of bounded length, nothing else kept. Saved as typed, so the
 * filer resumes where they stopped; the full rules apply at submission.
 */
export const draftDataSchema = z
  .object(
    Object.fromEntries(
      APPLICATION_FIELDS.map((f) => [f, z.string().max(REASON_MAX, 'validation.tooLong').optional()]),
    ) as Record<ApplicationField, z.ZodOptional<z.ZodString>>,
  )
  .strip();

export type DraftData = z.output<typeof draftDataSchema>;
