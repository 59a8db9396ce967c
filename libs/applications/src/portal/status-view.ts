import { nationalityName, statusByCode, statusLabel } from '@app/coe';
import { Language, perLanguage } from '@app/platform';
import { procedureName } from '@app/procedures';
import { representativeRoleKey } from '../application-form-input';
import { actionsFrom } from '../application-state';
import type { ApplicationDocument } from '../application-document.entity';
import type { ApplicationEvent } from '../application-event.entity';
import type { Application } from '../application.entity';
import { statusLabelKey } from '../application-notices';
import { documentItemName, OTHER_ITEM } from '../checklist';
import type { ApplicationView } from '../filing.service';

/** One row of 申請状況確認's list. */
export const listRow = (a: Application, lng: Language) => ({
  number: a.number,
  procedure: procedureName(a.procedureCode, lng),
  applicant: a.nameEn,
  submittedAt: a.submittedAt,
  status: a.status,
  statusKey: statusLabelKey(a),
});

/** A history step: the status it reached (with 許可/不許可), or the documents the filer added. */
function historyStep(e: ApplicationEvent) {
  const base = { id: e.id, at: e.createdAt };
  // documents_added keeps the number of documents in `message`.
  if (e.type === 'documents_added')
    return { ...base, labelKey: 'applications:mine.history.documentsAdded', count: Number(e.message) || 0 };
  const status = e.toStatus ?? 'received';
  const labelKey = statusLabelKey({ status, decision: e.decision });
  // The officer's request and deadline, the reason for a denial, or the filer's own note with an answer.
  const noteKey =
    status === 'documents_requested'
      ? 'applications:mine.history.request'
      : e.decision === 'denied'
        ? 'applications:mine.history.reason'
        : e.fromStatus === 'documents_requested' && status === 'examining'
          ? 'applications:mine.history.note'
          : undefined;
  return { ...base, labelKey, status, message: noteKey ? e.message : null, noteKey, deadline: e.deadline };
}

const kilobytes = perLanguage(
  (lng) => new Intl.NumberFormat(lng, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }),
);
const megabytes = perLanguage(
  (lng) => new Intl.NumberFormat(lng, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }),
);

/** A document's size in the reader's language: kB below a megabyte, else MB with one decimal. */
const sizeText = (bytes: number, lng: Language): string =>
  bytes < 1_000_000
    ? kilobytes(lng).format(Math.max(1, Math.round(bytes / 1000)))
    : megabytes(lng).format(bytes / 1_000_000);

function documentRow(d: ApplicationDocument, a: Application, lng: Language) {
  const itemLabel = documentItemName(a.procedureCode, a.wantedStatus, d.item, lng);
  return {
    id: d.id,
    name: d.originalName,
    size: d.size,
    kind: d.kind,
    itemLabel,
    kindLabel: d.kind === 'jpeg' ? 'JPEG' : 'PDF',
    sizeText: sizeText(d.size, lng),
    other: !itemLabel || d.item === OTHER_ITEM,
    uploadedAt: d.uploadedAt,
  };
}

/** The open request for documents (the latest one) while the status is 追加資料提出依頼. */
const openRequest = (a: Application, events: ApplicationEvent[]) =>
  a.status === 'documents_requested'
    ? [...events].reverse().find((e) => e.type === 'status_changed' && e.toStatus === 'documents_requested')
    : undefined;

/** Everything the detail page shows of the filer's own application. */
export function detailView({ application: a, events, documents }: ApplicationView, lng: Language) {
  const wanted = statusByCode(a.wantedStatus);
  const request = openRequest(a, events);
  const actions = actionsFrom(a.status, 'filer');
  return {
    number: a.number,
    procedure: procedureName(a.procedureCode, lng),
    filedWith: a.filedWith ? procedureName(a.filedWith, lng) : undefined,
    submittedAt: a.submittedAt,
    status: a.status,
    statusKey: statusLabelKey(a),
    decision: a.decision,
    decisionReason: a.decision === 'denied' ? a.decisionReason : null,
    coeNumber: undefined as string | undefined,
    applicant: {
      nameEn: a.nameEn,
      nationality: nationalityName(a.nationality, lng),
      dateOfBirth: a.dateOfBirth,
      sex: a.sex,
      passportNumber: a.passportNumber,
      residenceCardNumber: a.residenceCardNumber,
      addressInJapan: a.addressInJapan,
    },
    wanted: {
      status: wanted ? statusLabel(wanted, lng) : { name: a.wantedStatus },
      periodMonths: a.wantedPeriodMonths,
      reason: a.reason,
    },
    office: a.office,
    organisation: a.organisation,
    representative: a.representative && { ...a.representative, roleKey: representativeRoleKey(a.representative.role) },
    documents: documents.map((d) => documentRow(d, a, lng)),
    history: events.map(historyStep),
    request: request ? { message: request.message, deadline: request.deadline } : undefined,
    canAnswer: actions.includes('answer'),
    canWithdraw: actions.includes('withdraw'),
  };
}
