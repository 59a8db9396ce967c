import { readFileSync } from 'node:fs';
import { STATUSES } from '@app/coe';
import { Language, LANGUAGE_CODES, projectPath } from '@app/platform';
import { Procedure, ProcedureFile, procedureFileSchema } from './procedure.schema';

export const PROCEDURES_FILE = 'libs/procedures/src/data/procedures.json';

/** Why the data is wrong, as `file: path.to.value: message` lines. */
export class ProcedureDataError extends Error {
  constructor(file: string, problems: string[]) {
    super(`Invalid procedure data in ${file}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

const statusCodes = (): Set<string> => new Set(STATUSES.map((s) => s.code));

/** What the schema cannot see alone: codes that must exist elsewhere (the statuses file, the other procedures). */
function crossProblems(data: ProcedureFile, known: Set<string>): string[] {
  const problems: string[] = [];
  const codes = data.procedures.map((p) => p.code);
  codes.forEach((c, i) => codes.indexOf(c) !== i && problems.push(`procedures.${i}.code: "${c}" appears twice`));
  data.procedures.forEach((p, i) => {
    const at = `procedures.${i}`;
    (p.filedWith ?? []).forEach((w, j) => {
      if (!codes.includes(w) || w === p.code) problems.push(`${at}.filedWith.${j}: no procedure "${w}" to file with`);
    });
    const allowed = new Set(p.statuses.allowed);
    p.statuses.allowed.forEach(
      (s, j) => known.has(s) || problems.push(`${at}.statuses.allowed.${j}: unknown status "${s}"`),
    );
    p.statuses.notOnline.forEach((s, j) => {
      if (!known.has(s.code)) problems.push(`${at}.statuses.notOnline.${j}: unknown status "${s.code}"`);
      // A kind of a status (特定活動（出国準備期間）) may be excluded while the status itself is taken.
      if (!s.variant && allowed.has(s.code))
        problems.push(`${at}.statuses.notOnline.${j}: "${s.code}" is also allowed`);
      if (s.variant && !s.label) problems.push(`${at}.statuses.notOnline.${j}: a variant needs a label`);
    });
    if (Array.isArray(p.documents)) {
      p.documents.forEach((g, j) => {
        if (g.statuses === 'all') return;
        g.statuses.forEach((s, k) => {
          if (!allowed.has(s)) problems.push(`${at}.documents.${j}.statuses.${k}: "${s}" is not allowed here`);
        });
      });
    }
  });
  return problems;
}

/** Validates raw procedure data; throws a `ProcedureDataError` naming each bad value's path. */
export function parseProcedures(raw: unknown, file = PROCEDURES_FILE, known = statusCodes()): ProcedureFile {
  const parsed = procedureFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ProcedureDataError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  const problems = crossProblems(parsed.data, known);
  if (problems.length) throw new ProcedureDataError(file, problems);
  return parsed.data;
}

/** NFKC and case-folded, so full-width, half-width and capitals match alike. */
export const normalise = (s: string): string => s.normalize('NFKC').toLocaleLowerCase('und');

const primaryTexts = (p: Procedure, l: Language): string => normalise([p.name[l], ...p.keywords[l]].join('\n'));

// Shared by every caller: frozen, so one page cannot change what another shows.
const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
};

// Read from the source tree (like the statuses file), so the compiled apps need no copy of it.
const data = deepFreeze(parseProcedures(JSON.parse(readFileSync(projectPath(PROCEDURES_FILE), 'utf8'))));

/** Precomputed once: names and keywords per language, and every text of every language together. */
const index = new Map(
  data.procedures.map((p) => {
    const primary = Object.fromEntries(LANGUAGE_CODES.map((l) => [l, primaryTexts(p, l)])) as Record<Language, string>;
    const purposes = LANGUAGE_CODES.map((l) => normalise(p.purpose[l]));
    return [
      p.code,
      {
        primary,
        anyPrimary: Object.values(primary).join('\n'),
        all: [...Object.values(primary), ...purposes].join('\n'),
      },
    ];
  }),
);

export const PROCEDURE_DATA: Readonly<Pick<ProcedureFile, 'version' | 'asOf' | 'source'>> = {
  version: data.version,
  asOf: data.asOf,
  source: data.source,
};

/** The procedures in the agency's order. */
export const allProcedures = (): readonly Procedure[] => data.procedures;

export const procedureByCode = (code: string): Procedure | undefined => data.procedures.find((p) => p.code === code);

/** A procedure's name in `lng`; a code the data no longer has shows as itself. */
export const procedureName = (code: string, lng: Language): string => procedureByCode(code)?.name[lng] ?? code;

export interface ProcedureQuery {
  /** Free text in any of the eight languages; every word must match. */
  q?: string;
  /** A status-of-residence code: only procedures that take it online. */
  status?: string;
  /** The reader's language: a match in its names and keywords ranks first. */
  lng?: Language;
}

/**
 * Procedures matching the query. Every language's texts are searched, so a Vietnamese reader typing
 * Japanese still finds a procedure; a procedure named or keyed by the words ranks above one whose
 * purpose merely mentions them (its reader's language first), otherwise the agency's order holds.
 */
export function searchProcedures({ q, status, lng }: ProcedureQuery): Procedure[] {
  const words = normalise(q ?? '')
    .split(/\s+/u)
    .filter(Boolean);
  const has = (text: string) => words.every((w) => text.includes(w));
  const rank = (p: Procedure): number => {
    const i = index.get(p.code)!;
    if (lng && has(i.primary[lng])) return 0;
    if (has(i.anyPrimary)) return 1;
    return has(i.all) ? 2 : 3;
  };
  return data.procedures
    .filter((p) => !status || p.statuses.allowed.includes(status))
    .map((p, order) => ({ p, order, rank: rank(p) }))
    .filter((r) => r.rank < 3)
    .sort((a, b) => a.rank - b.rank || a.order - b.order)
    .map((r) => r.p);
}
