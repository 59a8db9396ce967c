import { z } from 'zod';
import { CATEGORIES } from '@app/accounts';
import { LANGUAGE_CODES, Language } from '@app/platform';

/** A text in each of the portal's eight languages, none of them empty. */
export const texts = z
  .object(Object.fromEntries(LANGUAGE_CODES.map((l) => [l, z.string().trim().min(1)])) as Record<Language, z.ZodString>)
  .strict();
export type Texts = z.infer<typeof texts>;

const agencyUrl = z.url({ protocol: /^https$/, hostname: /^www\.moj\.go\.jp$/ });

/**
 * A value the data does not know: the page shows a link to the agency's page instead of a guess
 * (docs/procedures.md, "known: false").
 */
export const unknownValue = z.object({ known: z.literal(false), url: agencyUrl }).strict();

const statusCode = z.string().regex(/^[a-z0-9_]+$/);

export const documentItem = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    label: texts,
    // The filing step (later) accepts a face photo as JPEG and every other document as PDF.
    kind: z.enum(['photo', 'pdf']),
    required: z.boolean(),
  })
  .strict();

/** The checklist for a group of statuses ('all': every status the procedure takes). */
const documentGroup = z
  .object({ statuses: z.union([z.literal('all'), z.array(statusCode).min(1)]), items: z.array(documentItem).min(1) })
  .strict();
const unknownDocumentGroup = unknownValue.extend({ statuses: documentGroup.shape.statuses }).strict();

const fee = z.union([
  unknownValue,
  z
    .object({
      known: z.literal(true),
      amountYen: z.number().int().min(0),
      // 'none' when nothing is paid; otherwise the moment and means of payment, in words.
      paid: z.union([z.literal('none'), texts]),
    })
    .strict(),
]);

const period = z.object({ value: z.number().int().positive(), unit: z.enum(['day', 'week', 'month']) }).strict();
const processingTime = z.union([unknownValue, z.object({ known: z.literal(true), min: period, max: period }).strict()]);

export const procedureSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z-]*$/),
    url: agencyUrl,
    name: texts,
    purpose: texts,
    keywords: z
      .object(
        Object.fromEntries(LANGUAGE_CODES.map((l) => [l, z.array(z.string().trim().min(1)).min(1)])) as Record<
          Language,
          z.ZodArray<z.ZodString>
        >,
      )
      .strict(),
    /** Procedures this one is filed together with; absent when it is filed on its own. */
    filedWith: z.array(z.string()).min(1).optional(),
    filers: z.array(z.enum(CATEGORIES)).min(1),
    statuses: z
      .object({
        allowed: z.array(statusCode).min(1),
        /** Statuses (or a kind of one, by `variant`) the agency does not take online for this procedure. */
        notOnline: z
          .array(z.object({ code: statusCode, variant: z.string().optional(), label: texts.optional() }).strict())
          .min(1),
      })
      .strict(),
    documents: z.union([unknownValue, z.array(z.union([documentGroup, unknownDocumentGroup])).min(1)]),
    fee,
    processingTime,
  })
  .strict();

export const procedureFileSchema = z
  .object({
    version: z.number().int().positive(),
    asOf: z.iso.date(),
    source: z.array(agencyUrl).min(1),
    procedures: z.array(procedureSchema).min(1),
  })
  .strict();

export type Procedure = z.infer<typeof procedureSchema>;
export type ProcedureFile = z.infer<typeof procedureFileSchema>;
export type DocumentItem = z.infer<typeof documentItem>;
