import { DataSource } from 'typeorm';
import { dataSourceOptions, queryRows } from '@app/platform';
import { createTestDatabase } from '../support/test-postgres';

const MIGRATION = 'CoeRecipientSeq1765288800000';

/** Certificates issued before the ordinal existed get their places in their list's order (issued_at, id). */
describe('migration: recipient_seq numbers each recipient’s list in its order (down and up with data)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const applied = async () =>
    (await queryRows<{ name: string }>(ds, `SELECT name FROM schema_migrations`)).map((r) => r.name);

  it('goes down without the column and comes back up numbering what is there', async () => {
    while ((await applied()).includes(MIGRATION)) await ds.undoLastMigration();
    const users: string[] = [];
    for (const login of ['SEQMIGRAT1', 'SEQMIGRAT2']) {
      const [{ id }] = await queryRows<{ id: string }>(
        ds,
        `INSERT INTO app_user (login_id, email, category, password_hash, password_changed_at, created_at, updated_at)
         VALUES ($1, $1 || '@example.test', 'lawyer', 'x', now(), now(), now()) RETURNING id`,
        [login],
      );
      users.push(id);
    }
    // Interleaved recipients, out-of-order issue times, and a tie.
    const times = ['2026-04-01T00:00:03Z', '2026-04-01T00:00:01Z', '2026-04-01T00:00:02Z', '2026-04-01T00:00:02Z'];
    for (const [i, at] of times.entries())
      for (const user of users)
        await ds.query(
          `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth,
             gender, status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at)
           VALUES ($1, md5($1), $2, 'A B', 'VNM', '2000-01-01', 'male', 'student', 'X', $3, $3, 'test', $3)`,
          [`E2026-SEQ${users.indexOf(user)}${i}ZZZ`, user, at],
        );
    await ds.runMigrations();
    expect(await applied()).toContain(MIGRATION);
    for (const user of users) {
      const byOrder = await queryRows<{ seq: number }>(
        ds,
        `SELECT recipient_seq AS seq FROM coe WHERE recipient_id = $1 ORDER BY issued_at, id`,
        [user],
      );
      expect(byOrder.map((r) => r.seq)).toEqual([1, 2, 3, 4]);
    }
  });
});
