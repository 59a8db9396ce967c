import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { isEmail, isNameEn } from '@app/fields';
import { CATEGORIES, Category } from '../categories';

export interface LegacyAccount {
  line: number;
  loginId: string;
  passwordHash: string;
  email: string;
  nameEn: string | null;
  category: Category;
}

export interface LegacyProblem {
  line: number;
  message: string;
}

const BCRYPT = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

const row = z
  .object({
    loginId: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._@-]{1,64}$/, 'ID must be 1–64 letters, digits or . _ @ -'),
    passwordHash: z.string().trim().regex(BCRYPT, 'password hash is not a bcrypt hash'),
    email: z.string().trim().refine(isEmail, 'e-mail address is not valid'),
    nameEn: z
      .string()
      .trim()
      .refine((n) => n === '' || isNameEn(n), 'English name must be A–Z and single spaces')
      .transform((n) => (n === '' ? null : n)),
    category: z.enum(CATEGORIES, { error: `category must be one of ${CATEGORIES.join(', ')}` }),
  })
  .refine((r) => r.nameEn !== null || r.category === 'institution_staff', {
    message: 'only institution staff may have no English name',
  });

/**
 * Reads the legacy export: ID, bcrypt hash, e-mail, English name (may be empty), category; a header
 * line is recognised (its second field is not a bcrypt hash) and skipped. Bad lines are reported, not
 * guessed at.
 */
export function parseLegacyCsv(text: string): { accounts: LegacyAccount[]; problems: LegacyProblem[] } {
  const records = parse(text, {
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    info: true,
  }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const accounts: LegacyAccount[] = [];
  const problems: LegacyProblem[] = [];
  records.forEach(({ record, info }, index) => {
    if (index === 0 && !BCRYPT.test((record[1] ?? '').trim())) return; // header
    const line = info.lines;
    if (record.length !== 5) {
      problems.push({ line, message: `expected 5 fields, found ${record.length}` });
      return;
    }
    const [loginId, passwordHash, email, nameEn, category] = record;
    const parsed = row.safeParse({ loginId, passwordHash, email, nameEn, category });
    if (parsed.success) accounts.push({ line, ...parsed.data });
    else problems.push({ line, message: parsed.error.issues.map((i) => i.message).join('; ') });
  });
  return { accounts, problems };
}
