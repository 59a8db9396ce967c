import { z } from 'zod';
import type { ExaminationCommand } from '../examination.service';

export const API_ACTIONS = ['examine', 'request_documents', 'approve', 'deny', 'issue_result'] as const;

const text = z.string().trim().min(1).max(2000);
const strict = <T extends z.ZodRawShape>(shape: T) => z.object(shape).strict();

/**
 * The body of `POST /api/v1/applications/:number/status`. Each action takes exactly its fields (a
 * field it does not use is refused), so one command has one body and the Idempotency-Key's digest of
 * the command tells two bodies apart.
 */
export const statusCommandSchema = z.discriminatedUnion('action', [
  strict({ action: z.literal('examine') }),
  strict({
    action: z.literal('request_documents'),
    message: text,
    deadline: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD'),
  }),
  strict({ action: z.literal('approve') }),
  strict({ action: z.literal('deny'), reason: text }),
  strict({ action: z.literal('issue_result') }),
]);

export type StatusCommandBody = z.infer<typeof statusCommandSchema>;

export function toCommand(body: StatusCommandBody): ExaminationCommand {
  switch (body.action) {
    case 'request_documents':
      return { action: 'requestDocuments', message: body.message, deadline: body.deadline };
    case 'deny':
      return { action: 'deny', reason: body.reason };
    case 'issue_result':
      return { action: 'issueResult' };
    case 'examine':
    case 'approve':
      return { action: body.action };
  }
}

/** Field errors of a body that does not parse, by field ("action" for an unknown action). */
export function statusCommandErrors(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const fields = issue.code === 'unrecognized_keys' ? issue.keys : [String(issue.path[0] ?? 'action')];
    const message =
      issue.code === 'unrecognized_keys'
        ? 'not taken by this action'
        : issue.path[0] === 'action' || issue.path.length === 0
          ? `must be one of ${API_ACTIONS.join(', ')}`
          : issue.message;
    for (const f of fields) (errors[f] ??= []).push(message);
  }
  return errors;
}
