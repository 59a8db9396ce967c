import { MigrationInterface, QueryRunner } from 'typeorm';

/** How many certificates each user has, kept with each issue, so the receipt ledger never counts rows. */
export class AddCoeCountToUser1764036000000 implements MigrationInterface {
  name = 'AddCoeCountToUser1764036000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" ADD COLUMN "coe_count" integer NOT NULL DEFAULT 0`);
    await q.query(
      `UPDATE "app_user" u SET "coe_count" = c.n FROM (SELECT recipient_id, count(*) AS n FROM coe GROUP BY recipient_id) c
       WHERE c.recipient_id = u.id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "app_user" DROP COLUMN "coe_count"`);
  }
}
