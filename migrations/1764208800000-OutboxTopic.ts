import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox names what a mail is about with a generic topic (`coe:<uuid>` for a certificate's mails)
 * instead of a column and a foreign key per feature: the mail library knows no feature.
 */
export class OutboxTopic1764208800000 implements MigrationInterface {
  name = 'OutboxTopic1764208800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mail_outbox" ADD COLUMN "topic" text`);
    await q.query(`UPDATE "mail_outbox" SET "topic" = 'coe:' || "coe_id" WHERE "coe_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "mail_outbox_topic_idx" ON "mail_outbox" ("topic") WHERE "topic" IS NOT NULL`);
    await q.query(`DROP INDEX "mail_outbox_coe_idx"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "coe_id"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mail_outbox" ADD COLUMN "coe_id" uuid REFERENCES "coe" ("id")`);
    // Only topics that name an existing certificate fit the old foreign key.
    await q.query(
      `UPDATE "mail_outbox" o SET "coe_id" = c."id" FROM "coe" c
        WHERE o."topic" LIKE 'coe:%' AND c."id"::text = substring(o."topic" from 5)`,
    );
    await q.query(`CREATE INDEX "mail_outbox_coe_idx" ON "mail_outbox" ("coe_id") WHERE "coe_id" IS NOT NULL`);
    await q.query(`DROP INDEX "mail_outbox_topic_idx"`);
    await q.query(`ALTER TABLE "mail_outbox" DROP COLUMN "topic"`);
  }
}
