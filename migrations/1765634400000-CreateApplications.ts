import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Online applications (issue 13; docs/applications.md). Each index names the query it serves; at
 * 1,000,000 applications every list reads an index range and stops at its page (test/applications/
 * indexes.e2e-spec.ts checks the plans).
 */
/** The statuses still in the examiners' hands, as ApplicationsRepository writes them (OPEN_STATUSES_SQL). */
const OPEN_SQL = `('received', 'examining', 'documents_requested')`;

export class CreateApplications1765634400000 implements MigrationInterface {
  name = 'CreateApplications1765634400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "application_draft" (
         "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         "filer_id" uuid NOT NULL REFERENCES "app_user" ("id") ON DELETE CASCADE,
         "procedure_code" text NOT NULL,
         "data" jsonb NOT NULL DEFAULT '{}',
         "created_at" timestamptz NOT NULL,
         "updated_at" timestamptz NOT NULL
       )`,
    );
    // The filer's drafts, newest first.
    await q.query(`CREATE INDEX "application_draft_filer_idx" ON "application_draft" ("filer_id", "updated_at" DESC)`);
    // The retention job: drafts untouched for 30 days.
    await q.query(`CREATE INDEX "application_draft_updated_idx" ON "application_draft" ("updated_at")`);

    await q.query(
      `CREATE TABLE "application" (
         "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         "number" text NOT NULL UNIQUE,
         "procedure_code" text NOT NULL,
         "procedure_version" int NOT NULL,
         "filer_id" uuid NOT NULL REFERENCES "app_user" ("id"),
         "filer_category" text NOT NULL,
         "name_en" text NOT NULL,
         "nationality" char(3) NOT NULL,
         "date_of_birth" date NOT NULL,
         "sex" text NOT NULL CHECK ("sex" IN ('male', 'female')),
         "passport_number" text NOT NULL,
         "residence_card_number" text,
         "address_in_japan" text,
         "in_japan" boolean NOT NULL,
         "wanted_status" text NOT NULL,
         "wanted_period_months" int NOT NULL CHECK ("wanted_period_months" > 0),
         "reason" text NOT NULL CHECK (length("reason") <= 2000),
         "filed_with" text,
         "organisation" jsonb,
         "representative" jsonb,
         "office" text NOT NULL,
         "status" text NOT NULL CHECK ("status" IN
           ('received', 'examining', 'documents_requested', 'decided', 'result_issued', 'withdrawn')),
         "decision" text CHECK ("decision" IN ('approved', 'denied')),
         "decision_reason" text,
         "assigned_officer" uuid REFERENCES "officer" ("id"),
         "coe_id" uuid UNIQUE REFERENCES "coe" ("id"),
         "submitted_at" timestamptz NOT NULL,
         "decided_at" timestamptz,
         "withdrawn_at" timestamptz,
         "updated_at" timestamptz NOT NULL,
         "version" int NOT NULL DEFAULT 1,
         CHECK (("decision" IS NULL) = ("status" NOT IN ('decided', 'result_issued')))
       )`,
    );
    // The office queue, oldest first. Its default, the open applications, has a partial index per filter
    // (the repository writes that status list literally, so the planner matches the index predicate); one
    // status asked for reads the (filter, status, submitted_at, id) indexes. Each returns rows in the
    // queue's order, so a page stops after its rows: no sort of all the matches.
    for (const [name, lead] of [
      ['application_open_idx', ''],
      ['application_open_office_idx', '"office", '],
      ['application_open_procedure_idx', '"procedure_code", '],
      ['application_open_officer_idx', '"assigned_officer", '],
    ])
      await q.query(
        `CREATE INDEX "${name}" ON "application" (${lead}"submitted_at", "id") WHERE "status" IN ${OPEN_SQL}`,
      );
    for (const [name, lead] of [
      ['application_status_idx', ''],
      ['application_status_office_idx', '"office", '],
      ['application_status_procedure_idx', '"procedure_code", '],
      ['application_status_officer_idx', '"assigned_officer", '],
    ])
      await q.query(`CREATE INDEX "${name}" ON "application" (${lead}"status", "submitted_at", "id")`);
    // The API's cursor over every application, and the unfiltered queue.
    await q.query(`CREATE INDEX "application_submitted_idx" ON "application" ("submitted_at", "id")`);
    // 申請状況確認: the filer's applications, newest first; and filtered by the applicant's name (a prefix).
    await q.query(`CREATE INDEX "application_filer_idx" ON "application" ("filer_id", "submitted_at" DESC, "id" DESC)`);
    await q.query(
      `CREATE INDEX "application_filer_applicant_idx" ON "application" ("filer_id", "name_en" text_pattern_ops)
         INCLUDE ("submitted_at", "id")`,
    );

    await q.query(
      `CREATE TABLE "application_event" (
         "id" bigserial PRIMARY KEY,
         "application_id" uuid NOT NULL REFERENCES "application" ("id") ON DELETE CASCADE,
         "type" text NOT NULL CHECK ("type" IN ('submitted', 'documents_added', 'status_changed', 'receipt_registered')),
         "from_status" text,
         "to_status" text,
         "decision" text,
         "actor_kind" text NOT NULL CHECK ("actor_kind" IN ('filer', 'officer', 'system', 'api')),
         "actor_id" text,
         "message" text,
         "deadline" date,
         "created_at" timestamptz NOT NULL
       )`,
    );
    // An application's history (the events API reads by the primary key: id > cursor).
    await q.query(`CREATE INDEX "application_event_application_idx" ON "application_event" ("application_id", "id")`);

    await q.query(
      `CREATE TABLE "application_document" (
         "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
         "draft_id" uuid REFERENCES "application_draft" ("id") ON DELETE CASCADE,
         "application_id" uuid REFERENCES "application" ("id") ON DELETE CASCADE,
         "item" text NOT NULL,
         "storage_key" text NOT NULL,
         "sha256" text NOT NULL CHECK ("sha256" ~ '^[0-9a-f]{64}$'),
         "size" bigint NOT NULL CHECK ("size" >= 0),
         "kind" text NOT NULL CHECK ("kind" IN ('jpeg', 'pdf')),
         "original_name" text NOT NULL,
         "uploaded_by" uuid NOT NULL,
         "uploaded_at" timestamptz NOT NULL,
         "request_event_id" bigint REFERENCES "application_event" ("id"),
         CHECK (("draft_id" IS NULL) <> ("application_id" IS NULL))
       )`,
    );
    await q.query(
      `CREATE INDEX "application_document_draft_idx" ON "application_document" ("draft_id") WHERE "draft_id" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "application_document_application_idx" ON "application_document" ("application_id", "uploaded_at")
         WHERE "application_id" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "application_document"`);
    await q.query(`DROP TABLE "application_event"`);
    await q.query(`DROP TABLE "application"`);
    await q.query(`DROP TABLE "application_draft"`);
  }
}
