import { readFileSync } from 'node:fs';
import { projectPath } from '@app/platform';

export interface StatusOfResidence {
  table: string;
  code: string;
  ja: string;
  en: string;
  coeEligible: boolean;
}

/** 在留資格 of the Immigration Control Act's appended tables (SPEC §5 data file). */
// Read from the source tree (like views and locales), so the compiled apps need no copy of it.
const data = JSON.parse(readFileSync(projectPath('libs/coe/src/statuses-of-residence.json'), 'utf8')) as {
  statuses: StatusOfResidence[];
};
export const STATUSES: readonly StatusOfResidence[] = data.statuses;
export const COE_STATUSES = STATUSES.filter((s) => s.coeEligible);
export const statusByCode = (code: string): StatusOfResidence | undefined => STATUSES.find((s) => s.code === code);
