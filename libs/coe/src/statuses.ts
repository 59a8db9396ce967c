import data from './statuses-of-residence.json';

export interface StatusOfResidence {
  table: string;
  code: string;
  ja: string;
  en: string;
  coeEligible: boolean;
}

/** 在留資格 of the Immigration Control Act's appended tables (SPEC §5 data file). */
export const STATUSES: readonly StatusOfResidence[] = (data as { statuses: StatusOfResidence[] }).statuses;
export const COE_STATUSES = STATUSES.filter((s) => s.coeEligible);
export const statusByCode = (code: string): StatusOfResidence | undefined => STATUSES.find((s) => s.code === code);
