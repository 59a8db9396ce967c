import type { Category } from '@app/accounts';
import { nationalityOptions, statusByCode, statusLabel } from '@app/coe';
import { Language } from '@app/platform';
import type { Procedure } from '@app/procedures';
import type { ApplicationDocument } from '../application-document.entity';
import { representativeRoleKey } from '../application-form-input';
import { filerDetailsKind, REPRESENTATIVE_ROLES } from '../application.forms';
import { checklistFor, kindOfItem, OTHER_ITEM } from '../checklist';
import { applicantIsAbroad, eligibilityQuestions, needsResidenceCard, statusAnswer } from '../eligibility';
import { OFFICE_CODES } from '../offices';

/** A status as the pages name it: the reader's name with the Japanese legal name where it differs. */
export const statusText = (code: string, lng: Language): string => {
  const s = statusByCode(code);
  if (!s) return code;
  const label = statusLabel(s, lng);
  return label.text ?? label.name;
};

/** The eligibility questions with their radios, and the answers already given checked. */
export function questionsView(p: Procedure, lng: Language, answers: Record<string, string>) {
  return eligibilityQuestions(p).map((q) => {
    const options =
      q.kind === 'yesNo'
        ? ['yes', 'no'].map((v) => ({ value: v, labelKey: `applications:filing.eligibility.${v}` }))
        : q.kind === 'status'
          ? [
              ...p.statuses.allowed.map((c) => ({ value: c, text: statusText(c, lng) })),
              ...p.statuses.notOnline.map((s) => ({
                value: statusAnswer(s.code, s.variant),
                text: s.label ? s.label[lng] : statusText(s.code, lng),
              })),
            ]
          : (q.options ?? []).map((c) => ({ value: c, text: c }));
    return {
      id: q.id,
      labelKey: q.labelKey,
      options: options.map((o, i) => ({ ...o, inputId: `${q.id}-${i}`, checked: answers[q.id] === o.value })),
    };
  });
}

/** What the form asks of this procedure and filer, with the options of its selects in the reader's language. */
export function formView(p: Procedure, category: Category, lng: Language, values: Record<string, string>) {
  const details = filerDetailsKind(category);
  const selected = (field: string, v: string) => values[field] === v;
  return {
    inJapan: !applicantIsAbroad(p),
    residenceCard: needsResidenceCard(p),
    organisation: details === 'organisation',
    representative: details === 'representative',
    nationalities: nationalityOptions(lng).map((n) => ({ ...n, selected: selected('nationality', n.code) })),
    statuses: p.statuses.allowed.map((c) => ({
      code: c,
      name: statusText(c, lng),
      selected: selected('wantedStatus', c),
    })),
    offices: OFFICE_CODES.map((c) => ({ code: c, selected: selected('office', c) })),
    sexes: ['male', 'female'].map((v) => ({ value: v, checked: selected('sex', v) })),
    roles: REPRESENTATIVE_ROLES.map((r) => ({
      value: r,
      labelKey: representativeRoleKey(r),
      selected: selected('representativeRole', r),
    })),
  };
}

/** One upload control per checklist item, then その他の書類, each with the files already attached. */
export function documentsView(p: Procedure, status: string | undefined, lng: Language, docs: ApplicationDocument[]) {
  const items = checklistFor(p, status).map((i) => ({
    id: i.id,
    text: i.label[lng],
    required: i.required,
    kind: kindOfItem(i),
  }));
  const unknownUrls = Array.isArray(p.documents)
    ? p.documents.flatMap((g) => ('url' in g ? [g.url] : []))
    : [p.documents.url];
  const all = [...items, { id: OTHER_ITEM, text: undefined, required: false, kind: 'pdf' as const }];
  return {
    items: all.map((i) => ({
      ...i,
      accept: i.kind === 'jpeg' ? 'image/jpeg' : 'application/pdf',
      files: docs.filter((d) => d.item === i.id).map((d) => ({ id: d.id, name: d.originalName, size: d.size })),
    })),
    agencyUrl: unknownUrls[0],
  };
}

/** A size as people read it: "532 KB", "2.4 MB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
