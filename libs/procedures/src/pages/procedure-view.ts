import { CATEGORY_ENGLISH_NAMES } from '@app/accounts';
import { STATUSES, statusByCode, StatusLabel, statusLabel } from '@app/coe';
import { Language, perLanguage, translator } from '@app/platform';
import type { Procedure } from '../procedure.schema';
import { PROCEDURE_DATA, procedureName } from '../procedures';

const orList = perLanguage((lng) => new Intl.ListFormat(lng, { type: 'disjunction' }));
const yen = perLanguage((lng) => new Intl.NumberFormat(lng));

/** "filed together with A, B or C" in the reader's language, for the procedures never filed alone. */
export const filedWithText = (p: Procedure, lng: Language): string | undefined =>
  p.filedWith &&
  translator(lng)('procedures:filedWithOnly', {
    procedures: orList(lng).format(p.filedWith.map((c) => procedureName(c, lng))),
  });

/** One row of 手続き検索's results. */
export const resultItem = (p: Procedure, lng: Language) => ({
  code: p.code,
  name: p.name[lng],
  purpose: p.purpose[lng],
  filedWith: filedWithText(p, lng),
});

/** The search form's select: every status of residence, as the statuses file names them. */
export const statusOptions = perLanguage((lng) =>
  STATUSES.map((s) => {
    const label = statusLabel(s, lng);
    return { code: s.code, name: label.text ?? label.name };
  }),
);

const labelOf = (code: string, lng: Language): StatusLabel => {
  const status = statusByCode(code);
  return status ? statusLabel(status, lng) : { name: code };
};

/** A value the data does not know is the agency's page, never a guess (docs/procedures.md, "known: false"). */
type Known<T> = { known: true } & T;
type Shown<T> = { unknownUrl: string } | Known<T>;
const shown = <T>(v: { known: false; url: string } | Known<T>): Shown<T> => (v.known ? v : { unknownUrl: v.url });

function feeView(p: Procedure, lng: Language) {
  const fee = shown(p.fee);
  if ('unknownUrl' in fee) return fee;
  const t = translator(lng);
  return {
    amount:
      fee.amountYen === 0
        ? t('procedures:show.feeNone')
        : t('procedures:show.feeYen', { amount: yen(lng).format(fee.amountYen) }),
    paid: fee.paid === 'none' ? undefined : fee.paid[lng],
  };
}

function timeView(p: Procedure, lng: Language) {
  const time = shown(p.processingTime);
  if ('unknownUrl' in time) return time;
  const t = translator(lng);
  const period = (v: { value: number; unit: string }) => t(`procedures:units.${v.unit}`, { count: v.value });
  return { text: t('procedures:show.timeRange', { min: period(time.min), max: period(time.max) }) };
}

function documentsView(p: Procedure, lng: Language) {
  if (!Array.isArray(p.documents)) return [{ all: true, unknownUrl: p.documents.url }];
  return p.documents.map((g, i) => ({
    all: g.statuses === 'all',
    // After a checklist for every status, the agency's page holds the rest: "other documents", not "every status" again.
    other: i > 0 && g.statuses === 'all' && !('items' in g),
    statuses: g.statuses === 'all' ? [] : g.statuses.map((c) => labelOf(c, lng)),
    ...('items' in g
      ? { items: g.items.map((i) => ({ id: i.id, text: i.label[lng], kind: i.kind, required: i.required })) }
      : { unknownUrl: g.url }),
  }));
}

/** Everything the procedure page shows, in the reader's language. */
export function procedureView(p: Procedure, lng: Language) {
  return {
    code: p.code,
    name: p.name[lng],
    purpose: p.purpose[lng],
    url: p.url,
    filers: p.filers.map((code) => ({ code, english: lng === 'en' ? undefined : CATEGORY_ENGLISH_NAMES[code] })),
    allowed: p.statuses.allowed.map((c) => labelOf(c, lng)),
    notOnline: p.statuses.notOnline.map((s) => (s.label ? { name: s.label[lng] } : labelOf(s.code, lng))),
    documents: documentsView(p, lng),
    fee: feeView(p, lng),
    time: timeView(p, lng),
    filedWith: p.filedWith?.map((code) => ({ code, name: procedureName(code, lng) })),
    // Filed alone only: the others go into the filing of the procedure they accompany.
    canApply: !p.filedWith,
    data: PROCEDURE_DATA,
  };
}
