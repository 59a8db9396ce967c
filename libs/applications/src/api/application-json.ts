import type { ApplicationDocument } from '../application-document.entity';
import type { ApplicationEvent } from '../application-event.entity';
import type { Application } from '../application.entity';
import type { FeedEvent } from '../events.repository';

/** The content type a document is served with (its kind was checked by content at upload). */
export const documentContentType = (d: Pick<ApplicationDocument, 'kind'>): string =>
  d.kind === 'jpeg' ? 'image/jpeg' : 'application/pdf';

/** An application as the API shows it (the schema `Application` of applications-openapi.ts). */
export const applicationJson = (a: Application) => ({
  number: a.number,
  procedure: a.procedureCode,
  procedureVersion: a.procedureVersion,
  filedWith: a.filedWith,
  status: a.status,
  decision: a.decision,
  decisionReason: a.decisionReason,
  office: a.office,
  filerCategory: a.filerCategory,
  applicant: {
    nameEn: a.nameEn,
    nationality: a.nationality,
    dateOfBirth: a.dateOfBirth,
    sex: a.sex,
    passportNumber: a.passportNumber,
    residenceCardNumber: a.residenceCardNumber,
    addressInJapan: a.addressInJapan,
    inJapan: a.inJapan,
  },
  wantedStatus: a.wantedStatus,
  wantedPeriodMonths: a.wantedPeriodMonths,
  reason: a.reason,
  organisation: a.organisation,
  representative: a.representative,
  submittedAt: a.submittedAt.toISOString(),
  decidedAt: a.decidedAt?.toISOString() ?? null,
  withdrawnAt: a.withdrawnAt?.toISOString() ?? null,
  updatedAt: a.updatedAt.toISOString(),
  version: a.version,
});

/** One step of the history (the schema `ApplicationEvent`). */
export const historyJson = (e: ApplicationEvent) => ({
  id: e.id,
  type: e.type,
  fromStatus: e.fromStatus,
  toStatus: e.toStatus,
  decision: e.decision,
  actorKind: e.actorKind,
  message: e.message,
  deadline: e.deadline,
  at: e.createdAt.toISOString(),
});

/** A document's metadata (the schema `ApplicationDocument`); the bytes are at `href`. */
export const documentJson = (number: string, d: ApplicationDocument) => ({
  id: d.id,
  item: d.item,
  contentType: documentContentType(d),
  size: d.size,
  sha256: d.sha256,
  originalName: d.originalName,
  uploadedAt: d.uploadedAt.toISOString(),
  href: `/api/v1/applications/${number}/documents/${d.id}`,
});

/**
 * An entry of the events feed (the schema `FeedEvent`): no personal data beyond the number, the
 * procedure and the status — no names, messages, reasons or deadlines; the client reads those from
 * `GET /api/v1/applications/:number` with its key.
 */
export const feedJson = (e: FeedEvent) => ({
  type: e.type,
  number: e.number,
  procedure: e.procedureCode,
  fromStatus: e.fromStatus,
  toStatus: e.toStatus,
  decision: e.decision,
  at: e.createdAt.toISOString(),
});

export type ApplicationJson = ReturnType<typeof applicationJson>;
