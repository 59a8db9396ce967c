import { ADDRESS_MAX, NAME_EN_MAX } from '@app/fields';
import { calendarDate, japanDateTime } from '@app/platform';

/** A text printed in both languages of the form, as the official forms do. */
export interface Bilingual {
  ja: string;
  en: string;
}

/**
 * Everything printed on the 申請書 (application form). All times come from here: the PDF never reads the
 * clock, so the same input always gives the same bytes.
 */
export interface ApplicationPdfInput {
  procedure: { code: string; nameJa: string; nameEn: string };
  /** The 受付番号; null while the application is a draft (the form then says so across every page). */
  number: string | null;
  /** When this PDF was made: its creation date, printed on the form. */
  generatedAt: Date;
  /** When the application was submitted; null for a draft. */
  filedAt: Date | null;
  applicant: {
    nameEn: string;
    nationality: { code: string; nameJa: string; nameEn: string };
    /** YYYY-MM-DD, a calendar date: no time zone applies. */
    dateOfBirth: string;
    sex: 'male' | 'female';
    passportNumber: string;
    residenceCardNumber: string | null;
    addressInJapan: string | null;
    inJapan: boolean;
  };
  wanted: {
    status: { code: string; ja: string; en: string };
    periodMonths: number;
    reason: string;
  };
  filer: {
    category: Bilingual;
    nameEn: string;
    organisation?: { name: string; address: string; phone: string };
    /** `address` is null where the form does not ask it (the filing form asks no representative's address). */
    representative?: { name: string; relationship: string; address: string | null; phone: string };
  };
  documents: Array<{ label: Bilingual; originalName: string; size: number; sha256: string }>;
}

/**
 * What the form holds at most. Each is at least the filing form's own limit (names and addresses are
 * the libs/fields rules; the reason is the application schema's 2000 characters), so valid data always
 * prints; beyond them the renderer refuses instead of producing a hundred pages.
 */
export const APPLICATION_PDF_LIMITS = {
  name: NAME_EN_MAX,
  address: ADDRESS_MAX,
  reason: 2000,
  /** Line breaks in the reason: 2000 empty lines would otherwise be 40 pages of nothing. */
  reasonLines: 60,
  /** Organisation names, relationships, procedure and status names. */
  text: 200,
  /** A checklist item's name (from the procedure data, not typed by the user). */
  label: 80,
  /** Passport, residence card and phone numbers, the 受付番号, codes. */
  identifier: 40,
  fileName: 255,
  documents: 30,
  periodMonths: 120,
  /** A last guard: everything within the limits above fits in far fewer. */
  pages: 12,
} as const;

export type ApplicationPdfLimit = keyof typeof APPLICATION_PDF_LIMITS;

/** The input is larger than the form takes; `field` names the part (for logs, not for users). */
export class ApplicationPdfLimitError extends RangeError {
  constructor(
    readonly field: string,
    readonly limit: ApplicationPdfLimit,
    readonly actual: number,
  ) {
    super(`${field} exceeds the application form's limit (${actual} > ${APPLICATION_PDF_LIMITS[limit]})`);
    this.name = 'ApplicationPdfLimitError';
  }
}

/**
 * Normalises every string of the input to NFC (a decomposed "ễ" would otherwise be three glyphs the
 * line breaker could part) and line breaks to \n, after checking it against the limits.
 */
export function checkedInput(input: ApplicationPdfInput): ApplicationPdfInput {
  const text = (field: string, value: string, limit: ApplicationPdfLimit): string => {
    const normalised = value.normalize('NFC').replace(/\r\n?/g, '\n');
    const length = [...normalised].length;
    if (length > APPLICATION_PDF_LIMITS[limit]) throw new ApplicationPdfLimitError(field, limit, length);
    return normalised;
  };
  const count = (field: string, actual: number, limit: ApplicationPdfLimit): void => {
    if (actual > APPLICATION_PDF_LIMITS[limit]) throw new ApplicationPdfLimitError(field, limit, actual);
  };
  const { procedure, applicant, wanted, filer, documents } = input;
  count('documents', documents.length, 'documents');
  const reason = text('wanted.reason', wanted.reason, 'reason');
  count('wanted.reason (lines)', reason.split('\n').length, 'reasonLines');
  count('wanted.periodMonths', wanted.periodMonths, 'periodMonths');
  if (!Number.isInteger(wanted.periodMonths) || wanted.periodMonths < 1) {
    throw new RangeError(`Invalid period of stay: ${wanted.periodMonths} months`);
  }
  // The dates are read here so that an impossible one is refused before any font is loaded.
  calendarDate(applicant.dateOfBirth);
  japanDateTime(input.generatedAt);
  if (input.filedAt) japanDateTime(input.filedAt);
  if ((input.number === null) !== (input.filedAt === null)) {
    throw new RangeError('A filed application has both a number and a filing time; a draft has neither');
  }
  const bilingual = (field: string, value: Bilingual, limit: ApplicationPdfLimit = 'text'): Bilingual => ({
    ja: text(`${field}.ja`, value.ja, limit),
    en: text(`${field}.en`, value.en, limit),
  });
  const optional = (field: string, value: string | null, limit: ApplicationPdfLimit): string | null =>
    value === null ? null : text(field, value, limit);
  return {
    procedure: {
      code: text('procedure.code', procedure.code, 'identifier'),
      nameJa: text('procedure.nameJa', procedure.nameJa, 'text'),
      nameEn: text('procedure.nameEn', procedure.nameEn, 'text'),
    },
    number: optional('number', input.number, 'identifier'),
    generatedAt: input.generatedAt,
    filedAt: input.filedAt,
    applicant: {
      nameEn: text('applicant.nameEn', applicant.nameEn, 'name'),
      nationality: {
        code: text('applicant.nationality.code', applicant.nationality.code, 'identifier'),
        nameJa: text('applicant.nationality.nameJa', applicant.nationality.nameJa, 'text'),
        nameEn: text('applicant.nationality.nameEn', applicant.nationality.nameEn, 'text'),
      },
      dateOfBirth: applicant.dateOfBirth,
      sex: applicant.sex,
      passportNumber: text('applicant.passportNumber', applicant.passportNumber, 'identifier'),
      residenceCardNumber: optional('applicant.residenceCardNumber', applicant.residenceCardNumber, 'identifier'),
      addressInJapan: optional('applicant.addressInJapan', applicant.addressInJapan, 'address'),
      inJapan: applicant.inJapan,
    },
    wanted: {
      status: { ...bilingual('wanted.status', wanted.status), code: wanted.status.code },
      periodMonths: wanted.periodMonths,
      reason,
    },
    filer: {
      category: bilingual('filer.category', filer.category),
      nameEn: text('filer.nameEn', filer.nameEn, 'name'),
      organisation: filer.organisation && {
        name: text('filer.organisation.name', filer.organisation.name, 'text'),
        address: text('filer.organisation.address', filer.organisation.address, 'address'),
        phone: text('filer.organisation.phone', filer.organisation.phone, 'identifier'),
      },
      representative: filer.representative && {
        name: text('filer.representative.name', filer.representative.name, 'name'),
        relationship: text('filer.representative.relationship', filer.representative.relationship, 'text'),
        address: optional('filer.representative.address', filer.representative.address, 'address'),
        phone: text('filer.representative.phone', filer.representative.phone, 'identifier'),
      },
    },
    documents: documents.map((doc, i) => {
      if (!/^[0-9a-f]{64}$/.test(doc.sha256)) throw new RangeError(`documents[${i}].sha256 is not a SHA-256 in hex`);
      if (!Number.isSafeInteger(doc.size) || doc.size < 0) throw new RangeError(`documents[${i}].size is invalid`);
      return {
        label: bilingual(`documents[${i}].label`, doc.label, 'label'),
        originalName: text(`documents[${i}].originalName`, doc.originalName, 'fileName'),
        size: doc.size,
        sha256: doc.sha256,
      };
    }),
  };
}
