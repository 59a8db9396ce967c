import { DataSource } from 'typeorm';
import { dataSourceOptions, queryRows } from '@app/platform';
import { createTestDatabase } from '../support/test-postgres';

const FIRST_OF_ISSUE_9 = 'OutboxTopic1764208800000';

/**
 * The migrations of issue 9 (outbox topic, per-recipient certificate count, idempotency scope) go down
 * and up again with data in place, and carry it both ways.
 */
describe('migrations: outbox topic, coe_recipient, idempotency scope (down and up with data)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const ids = {} as { user: string; coe: string; key: string };

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
    const t = '2026-04-01T00:00:00Z';
    [{ id: ids.user }] = await queryRows<{ id: string }>(
      ds,
      `INSERT INTO app_user (login_id, email, category, password_hash, password_changed_at, created_at, updated_at)
       VALUES ('MIGRATE234', 'migrate@example.test', 'lawyer', 'x', $1, $1, $1) RETURNING id`,
      [t],
    );
    [{ id: ids.coe }] = await queryRows<{ id: string }>(
      ds,
      `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
         status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, recipient_seq)
       VALUES ('E2026-MGRATE23', 'v', $1, 'A B', 'VNM', '2000-01-01', 'male', 'student', 'X', $2, $2, 'test', $2, 1)
       RETURNING id`,
      [ids.user, t],
    );
    await ds.query(`INSERT INTO coe_recipient (recipient_id, certificates) VALUES ($1, 1)`, [ids.user]);
    for (const topic of [`coe:${ids.coe}`, 'other:1', null]) {
      await ds.query(
        `INSERT INTO mail_outbox (to_address, template, lng, subject, text_body, html_body, next_attempt_at, created_at, topic)
         VALUES ('a@example.test', 'mail/test', 'en', 's', 't', 'h', $1, $1, $2)`,
        [t, topic],
      );
    }
    [{ id: ids.key }] = await queryRows<{ id: string }>(
      ds,
      `INSERT INTO api_key (name, key_hash, prefix, created_at) VALUES ('k', 'hash', 'ro_', $1) RETURNING id`,
      [t],
    );
    for (const scope of [`api-key:${ids.key}`, 'elsewhere:1']) {
      await ds.query(
        `INSERT INTO idempotency_key (scope, key, request_hash, status, response, created_at)
         VALUES ($1, 'k1', 'h', 201, '{}', $2)`,
        [scope, t],
      );
    }
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const applied = async () =>
    (await queryRows<{ name: string }>(ds, `SELECT name FROM schema_migrations`)).map((r) => r.name);

  it('goes down to the old layout, keeping what fits it', async () => {
    while ((await applied()).includes(FIRST_OF_ISSUE_9)) await ds.undoLastMigration();
    expect(
      await queryRows<{ coe_id: string | null }>(ds, `SELECT coe_id FROM mail_outbox ORDER BY id`).then((r) =>
        r.map((x) => x.coe_id),
      ),
    ).toEqual([ids.coe, null, null]);
    expect(await queryRows(ds, `SELECT coe_count FROM app_user WHERE id = $1`, [ids.user])).toEqual([{ coe_count: 1 }]);
    expect(await queryRows(ds, `SELECT to_regclass('coe_recipient') AS t`)).toEqual([{ t: null }]);
    // A key of another scope has no api_key to belong to in the old layout.
    expect(await queryRows(ds, `SELECT api_key_id, key FROM idempotency_key`)).toEqual([
      { api_key_id: ids.key, key: 'k1' },
    ]);
  });

  it('comes back up with the data moved to the new layout', async () => {
    await ds.runMigrations();
    expect(await applied()).toContain(FIRST_OF_ISSUE_9);
    expect(
      await queryRows<{ topic: string | null }>(ds, `SELECT topic FROM mail_outbox ORDER BY id`).then((r) =>
        r.map((x) => x.topic),
      ),
    ).toEqual([`coe:${ids.coe}`, null, null]);
    expect(await queryRows(ds, `SELECT recipient_id, certificates FROM coe_recipient`)).toEqual([
      { recipient_id: ids.user, certificates: 1 },
    ]);
    expect(
      await queryRows(
        ds,
        `SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'app_user' AND column_name = 'coe_count'`,
      ),
    ).toEqual([{ n: 0 }]);
    expect(await queryRows(ds, `SELECT scope, key FROM idempotency_key`)).toEqual([
      { scope: `api-key:${ids.key}`, key: 'k1' },
    ]);
  });
});
