import { CATEGORY_ENGLISH_NAMES, QUALIFICATIONS, User } from '@app/accounts';
import { nationalityName, statusByCode } from '@app/coe';
import { translator } from '@app/platform';
import type { Procedure } from '@app/procedures';
import type { ApplicationDocument } from '../application-document.entity';
import type { ApplicationData } from '../application.forms';
import { checklistFor } from '../checklist';
import { applicantIsAbroad } from '../eligibility';
import type { ApplicationPdfInput } from '../application-form-pdf';
import type { Bilingual } from '../pdf/application-pdf-input';

const bilingual = (key: string): Bilingual => ({ ja: translator('ja')(key), en: translator('en')(key) });

const roleKey = (role: string) =>
  (QUALIFICATIONS as readonly string[]).includes(role) ? `qualifications.${role}` : `relationships.${role}`;

/** The 申請書 of a draft whose data passed the full rules: the form the review page links (with the draft mark). */
export function draftPdfInput(
  p: Procedure,
  filer: User,
  data: ApplicationData,
  documents: ApplicationDocument[],
  generatedAt: Date,
): ApplicationPdfInput {
  const status = statusByCode(data.wantedStatus);
  const items = checklistFor(p, data.wantedStatus);
  const label = (item: string): Bilingual => {
    const known = items.find((i) => i.id === item);
    return known ? { ja: known.label.ja, en: known.label.en } : bilingual('applications:filing.documents.other');
  };
  const role = data.representativeRole ? bilingual(roleKey(data.representativeRole)) : undefined;
  return {
    procedure: { code: p.code, nameJa: p.name.ja, nameEn: p.name.en },
    number: null,
    filedAt: null,
    generatedAt,
    applicant: {
      nameEn: data.nameEn,
      nationality: {
        code: data.nationality,
        nameJa: nationalityName(data.nationality, 'ja'),
        nameEn: nationalityName(data.nationality, 'en'),
      },
      dateOfBirth: data.dateOfBirth,
      sex: data.sex,
      passportNumber: data.passportNumber,
      residenceCardNumber: data.residenceCardNumber ?? null,
      addressInJapan: data.addressInJapan ?? null,
      inJapan: !applicantIsAbroad(p),
    },
    wanted: {
      status: { code: data.wantedStatus, ja: status?.ja ?? data.wantedStatus, en: status?.en ?? data.wantedStatus },
      periodMonths: data.wantedPeriodMonths,
      reason: data.reason,
    },
    filer: {
      category: { ja: translator('ja')(`categories.${filer.category}`), en: CATEGORY_ENGLISH_NAMES[filer.category] },
      nameEn: filer.nameEn ?? '',
      ...(data.organisationName
        ? {
            organisation: {
              name: data.organisationName,
              address: data.organisationAddress ?? '',
              phone: data.organisationPhone ?? '',
            },
          }
        : {}),
      ...(data.representativeName && role
        ? {
            representative: {
              name: data.representativeName,
              relationship: `${role.ja} / ${role.en}`,
              address: '—',
              phone: data.representativePhone ?? '',
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
