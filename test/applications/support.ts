import type { INestApplicationContext } from '@nestjs/common';
import {
  ApplicationDraftsService,
  ApplicationExaminationService,
  ApplicationFilingService,
  applicationTopic,
  Examiner,
} from '@app/applications';
import { ManualClock, queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import { applicationsContext } from '../support/apps';
import { makeOfficer } from '../support/factories';
import { createTestDatabase } from '../support/test-postgres';

/** The service tier on a database of its own; `other` is a second context (another process) on it. */
export function useApplications() {
  const ctx = {} as {
    app: INestApplicationContext;
    other: INestApplicationContext;
    clock: ManualClock;
    db: DataSource;
    drafts: ApplicationDraftsService;
    filing: ApplicationFilingService;
    exam: ApplicationExaminationService;
    drop?: () => Promise<void>;
  };
  beforeAll(async () => {
    const db = await createTestDatabase();
    ctx.drop = db.drop;
    ctx.clock = new ManualClock('2026-04-01T00:00:00Z');
    ctx.app = await applicationsContext(db.url, ctx.clock);
    ctx.other = await applicationsContext(db.url, ctx.clock);
    ctx.db = ctx.app.get(DataSource);
    ctx.drafts = ctx.app.get(ApplicationDraftsService);
    ctx.filing = ctx.app.get(ApplicationFilingService);
    ctx.exam = ctx.app.get(ApplicationExaminationService);
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.other?.close();
    await ctx.drop?.();
  });
  return ctx;
}

/** An officer as the examination services take one. */
export async function examiner(on: INestApplicationContext): Promise<Extract<Examiner, { kind: 'officer' }>> {
  const o = await makeOfficer(on);
  return { kind: 'officer', officerId: o.id, loginId: o.loginId };
}

export interface MailRow {
  template: string;
  to_address: string;
  lng: string;
  subject: string;
  text_body: string;
  html_body: string;
}

export const mailsOf = (db: DataSource, applicationId: string) =>
  queryRows<MailRow>(
    db,
    `SELECT template, to_address, lng, subject, text_body, html_body FROM mail_outbox WHERE topic = $1 ORDER BY id`,
    [applicationTopic(applicationId)],
  );

export const eventsOf = (db: DataSource, applicationId: string) =>
  queryRows<{
    type: string;
    from_status: string | null;
    to_status: string | null;
    decision: string | null;
    actor_kind: string;
    actor_id: string | null;
    message: string | null;
    deadline: string | null;
    id: string;
  }>(
    db,
    `SELECT id::text, type, from_status, to_status, decision, actor_kind, actor_id, message, deadline::text FROM application_event
      WHERE application_id = $1 ORDER BY id`,
    [applicationId],
  );

export const auditOf = (db: DataSource, number: string) =>
  queryRows<{ event: string; actor: string }>(
    db,
    `SELECT event, actor FROM audit_log WHERE details->>'number' = $1 AND event LIKE 'application.%' ORDER BY id`,
    [number],
  );
