import { z } from 'zod';
import { isoJapan, Language, LANGUAGE_CODES } from '@app/platform';
import { Announcement, LocalizedText } from '../announcement.entity';

export const TITLE_MAX = 200;
export const BODY_MAX = 10_000;

/** The form field of one language's title or body: titleJa, bodyZhHans… (as the CLI names its options). */
export const fieldName = (kind: 'title' | 'body', lng: Language): string =>
  `${kind}${lng.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}`;

const JAPAN_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A `datetime-local` value (YYYY-MM-DDTHH:mm, seconds optional) read as Japan time (UTC+9, no daylight
 * saving), or undefined if it is not a real date and time.
 */
export function parseJapanLocal(value: string): Date | undefined {
  const m = JAPAN_LOCAL.exec(value.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((p) => Number(p ?? 0));
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(utc);
  const real =
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi &&
    y >= 2000 &&
    y <= 9999;
  return real ? new Date(utc - 9 * 3600_000) : undefined;
}

/** The instant as a `datetime-local` value in Japan time, to the minute (or the second, which the form reads too). */
export const toJapanLocal = (date: Date, withSeconds = false): string => isoJapan(date).slice(0, withSeconds ? 19 : 16);

export type AnnouncementState = 'published' | 'scheduled' | 'ended';

/** Where an announcement stands at `now`: shown on the portal, waiting for its start, or over. */
export function announcementState(a: Pick<Announcement, 'publishFrom' | 'publishUntil'>, now: Date): AnnouncementState {
  if (a.publishFrom > now) return 'scheduled';
  if (a.publishUntil && a.publishUntil <= now) return 'ended';
  return 'published';
}

export interface AnnouncementInput {
  title: LocalizedText;
  body: LocalizedText;
  publishFrom: Date;
  publishUntil: Date | null;
}

const optionalText = z
  .string({ error: 'validation.invalid' })
  .optional()
  .transform((s) => (s ?? '').trim());

const shape: Record<string, typeof optionalText> = { publishFrom: optionalText, publishUntil: optionalText };
for (const lng of LANGUAGE_CODES) {
  shape[fieldName('title', lng)] = optionalText;
  shape[fieldName('body', lng)] = optionalText;
}

/**
 * お知らせの作成・編集: a title and body per language (Japanese required; another language is given with
 * both or neither, and shows Japanese on the portal when it has none), publish from (required) and
 * publish until (optional, after from), both as Japan time. Messages are i18n keys, per field.
 */
export const announcementForm = z.object(shape).transform((v, ctx): AnnouncementInput => {
  let failed = false;
  const problem = (field: string, message: string) => {
    failed = true;
    ctx.addIssue({ code: 'custom', message, path: [field] });
  };
  const title: Partial<Record<string, string>> = {};
  const body: Partial<Record<string, string>> = {};
  for (const lng of LANGUAGE_CODES) {
    const [tf, bf] = [fieldName('title', lng), fieldName('body', lng)];
    const [t, b] = [v[tf], v[bf]];
    if (t.length > TITLE_MAX) problem(tf, 'validation.tooLong');
    if (b.length > BODY_MAX) problem(bf, 'validation.tooLong');
    if (lng === 'ja') {
      if (!t) problem(tf, 'validation.required');
      if (!b) problem(bf, 'validation.required');
    } else if (t && !b) {
      problem(bf, 'admin:validation.titleAndBody');
    } else if (b && !t) {
      problem(tf, 'admin:validation.titleAndBody');
    }
    if (t && b) {
      title[lng] = t;
      body[lng] = b;
    }
  }
  let publishFrom: Date | undefined;
  if (!v.publishFrom) problem('publishFrom', 'validation.required');
  else if (!(publishFrom = parseJapanLocal(v.publishFrom))) problem('publishFrom', 'admin:validation.dateTime');
  let publishUntil: Date | null = null;
  if (v.publishUntil) {
    publishUntil = parseJapanLocal(v.publishUntil) ?? null;
    if (!publishUntil) problem('publishUntil', 'admin:validation.dateTime');
    else if (publishFrom && publishUntil <= publishFrom) problem('publishUntil', 'admin:validation.untilAfterFrom');
  }
  if (failed || !publishFrom) return z.NEVER;
  return { title: title as LocalizedText, body: body as LocalizedText, publishFrom, publishUntil };
});

/** The form's values for an existing announcement (edit page). */
export function formValues(a: Announcement): Record<string, string> {
  const values: Record<string, string> = {
    publishFrom: toJapanLocal(a.publishFrom),
    publishUntil: a.publishUntil ? toJapanLocal(a.publishUntil) : '',
  };
  for (const lng of LANGUAGE_CODES) {
    values[fieldName('title', lng)] = a.title[lng] ?? '';
    values[fieldName('body', lng)] = a.body[lng] ?? '';
  }
  return values;
}
