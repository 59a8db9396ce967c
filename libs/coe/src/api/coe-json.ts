import type { CoeParticulars, CoeProgress } from '../coe.entity';
import { apiReceiptStatus } from '../receipt-state';

type Shown = CoeParticulars & CoeProgress;

/** A certificate as the API shows it (SPEC §7 names; the schema `Coe` of openapi.ts). */
export const coeJson = (coe: Shown, recipientUserId: string) => ({
  number: coe.number,
  recipientUserId,
  holderNameEn: coe.holderNameEn,
  nationality: coe.nationality,
  dateOfBirth: coe.dateOfBirth,
  gender: coe.gender,
  statusOfResidence: coe.statusOfResidence,
  issuingOffice: coe.issuingOffice,
  issuedAt: coe.issuedAt.toISOString(),
  validUntil: coe.validUntil.toISOString(),
  firstMailedAt: coe.firstMailedAt?.toISOString() ?? null,
  receiptStatus: apiReceiptStatus(coe),
  receivedAt: coe.receivedAt?.toISOString() ?? null,
  revokedAt: coe.revokedAt?.toISOString() ?? null,
  remindersSent: coe.remindersSent,
});

export type CoeJson = ReturnType<typeof coeJson>;
