import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApplicationExaminationService, Examiner } from '@app/applications';
import { queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import { csrfOf } from '../support/accounts';
import type { Running } from '../support/apps';
import { Agent } from '../support/http';

export const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
export const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

/**
 * Who moves applications along in these tests: the agency's API key (the portal has no officers module;
 * the office's own pages and tests cover officers).
 */
export const officerOf = (_portal: Running<NestExpressApplication>): Promise<Examiner> =>
  Promise.resolve({ kind: 'api', keyId: 'status-e2e' });

export const examination = (portal: Running<NestExpressApplication>) => portal.app.get(ApplicationExaminationService);

/**
 * The answer form sent as a browser sends it: `_csrf` first (from the page), then the note and files.
 * `csrf: false` leaves the token out; `csrfLast` sends it after the files.
 */
export async function sendAnswer(
  agent: Agent,
  number: string,
  parts: { note?: string; documents?: [Buffer, string][]; photo?: [Buffer, string] },
  opts: { csrf?: boolean; csrfLast?: boolean; page?: string } = {},
) {
  const token = csrfOf((await agent.get(opts.page ?? `/applications/${number}`)).text);
  const form = new FormData();
  if (opts.csrf !== false && !opts.csrfLast) form.append('_csrf', token);
  if (parts.note !== undefined) form.append('note', parts.note);
  for (const [bytes, name] of parts.documents ?? []) form.append('documents', new Blob([new Uint8Array(bytes)]), name);
  if (parts.photo) form.append('photo', new Blob([new Uint8Array(parts.photo[0])]), parts.photo[1]);
  if (opts.csrfLast) form.append('_csrf', token);
  return agent.request('POST', `/applications/${number}/answer`, { body: form });
}

/** What the database says of an application: its status, how many events and documents. */
export async function stateOf(db: DataSource, number: string) {
  const [row] = await queryRows<{ status: string; events: number; documents: number; version: number }>(
    db,
    `SELECT a.status, a.version,
            (SELECT count(*)::int FROM application_event e WHERE e.application_id = a.id) AS events,
            (SELECT count(*)::int FROM application_document d WHERE d.application_id = a.id) AS documents
       FROM application a WHERE a.number = $1`,
    [number],
  );
  return row;
}
