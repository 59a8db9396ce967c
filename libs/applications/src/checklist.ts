import type { Language } from '@app/platform';
import type { DocumentKind } from '@app/storage';
import { DocumentItem, Procedure, procedureByCode } from '@app/procedures';
import { ApplicationInvalidError, UnknownProcedureError } from './errors';

/** A document not on the checklist (the filer's own addition, or an answer to a request). */
export const OTHER_ITEM = 'other';

/** The known checklist items for `status` (groups for 'all' or naming it); unknown groups are links, not items. */
export function checklistFor(p: Procedure, status: string | undefined): DocumentItem[] {
  if (!Array.isArray(p.documents)) return [];
  return p.documents.flatMap((g) =>
    'items' in g && (g.statuses === 'all' || (status !== undefined && g.statuses.includes(status))) ? g.items : [],
  );
}

/**
 * The name in `lng` of the checklist item a document was filed as, for the filer's and the officer's
 * pages (the API keeps the id); undefined for `other` and for an id the procedure's checklist no longer has.
 */
export function documentItemName(
  procedureCode: string,
  status: string | undefined,
  item: string,
  lng: Language,
): string | undefined {
  const p = procedureByCode(procedureCode);
  return p && checklistFor(p, status).find((i) => i.id === item)?.label[lng];
}

/** The file kind an item takes: the face photo as JPEG, every other document as PDF. */
export const kindOfItem = (item: Pick<DocumentItem, 'kind'> | undefined): DocumentKind =>
  item?.kind === 'photo' ? 'jpeg' : 'pdf';

/** Required items with no document among `present` (item ids). */
export const missingItems = (p: Procedure, status: string | undefined, present: Iterable<string>): string[] => {
  const have = new Set(present);
  return checklistFor(p, status)
    .filter((i) => i.required && !have.has(i.id))
    .map((i) => i.id);
};

/** The procedure of a code from a draft or a request; an unknown one is "not found". */
export function procedureOrFail(code: string): Procedure {
  const p = procedureByCode(code);
  if (!p) throw new UnknownProcedureError();
  return p;
}

/** Checks an uploaded file against the item it is filed as: a known item or `other`, and its kind. */
export function checkItem(p: Procedure, status: string | undefined, item: string, file: { kind: DocumentKind }): void {
  const known = checklistFor(p, status).find((i) => i.id === item);
  if (!known && item !== OTHER_ITEM) throw new ApplicationInvalidError({ item: ['applications:validation.item'] });
  if (file.kind !== kindOfItem(known)) throw new ApplicationInvalidError({ [item]: ['applications:validation.kind'] });
}
