import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys belong to a text scope (`api-key:<id>`) instead of a foreign key to `api_key`, so the
 * protocol lives in the platform and any caller can use it.
 */
export class IdempotencyScope1764381600000 implements MigrationInterface {
  name = 'IdempotencyScope1764381600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "idempotency_key" ADD COLUMN "scope" text`);
    await q.query(`UPDATE "idempotency_key" SET "scope" = 'api-key:' || "api_key_id"`);
    await q.query(`ALTER TABLE "idempotency_key" ALTER COLUMN "scope" SET NOT NULL`);
    await q.query(`ALTER TABLE "idempotency_key" DROP CONSTRAINT "idempotency_key_pkey"`);
    await q.query(`ALTER TABLE "idempotency_key" DROP COLUMN "api_key_id"`);
    await q.query(`ALTER TABLE "idempotency_key" ADD PRIMARY KEY ("scope", "key")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "idempotency_key" ADD COLUMN "api_key_id" uuid REFERENCES "api_key" ("id")`);
    await q.query(
      `UPDATE "idempotency_key" i SET "api_key_id" = a."id" FROM "api_key" a
        WHERE i."scope" = 'api-key:' || a."id"`,
    );
    // Keys of other scopes have no place in the old layout.
    await q.query(`DELETE FROM "idempotency_key" WHERE "api_key_id" IS NULL`);
    await q.query(`ALTER TABLE "idempotency_key" ALTER COLUMN "api_key_id" SET NOT NULL`);
    await q.query(`ALTER TABLE "idempotency_key" DROP CONSTRAINT "idempotency_key_pkey"`);
    await q.query(`ALTER TABLE "idempotency_key" DROP COLUMN "scope"`);
    await q.query(`ALTER TABLE "idempotency_key" ADD PRIMARY KEY ("api_key_id", "key")`);
  }
}
