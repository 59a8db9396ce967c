/**
 * The 1,000,000-certificate seed the API and office benchmarks share, in SQL (generate_series), never
 * row by row: `recipients` users (login IDs BENCH0001…), certificates spread over them round robin, one
 * a second back from now, one in five received, one in ten revoked, holder names from ten surnames and
 * a hex token (so a name prefix matches a few hundred).
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';

export const SURNAMES = ['NGUYEN', 'TRAN', 'LE', 'PHAM', 'HOANG', 'WANG', 'LI', 'ZHANG', 'KIM', 'PARK'];

export interface SeededCoes {
  /** The recipients' login IDs, in the order certificates were dealt (certificate g went to g % n). */
  loginIds: string[];
  seconds: number;
}

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** g written in `length` digits of base 31 with the e-COE alphabet (the tail of a real-shaped number). */
export function benchCode(g: number, length: number): string {
  let tail = '';
  for (let i = length - 1; i >= 0; i--) tail += ALPHABET[Math.floor(g / 31 ** i) % 31];
  return tail;
}

/** `benchCode` in SQL, of the bigint column or variable `g`. */
export const benchCodeSql = (length: number): string =>
  Array.from(
    { length },
    (_, j) => `substr('${ALPHABET}', 1 + ((g / ${31 ** (length - 1 - j)}::bigint) % 31)::int, 1)`,
  ).join(' || ');

/** Certificate g's number, in the real shape (E2026-XXXXXXXX). */
export const benchCoeNumber = (g: number): string => `E2026-${benchCode(g, 8)}`;

const NUMBER_SQL = `'E2026-' || ${benchCodeSql(8)}`;

export const benchLoginId = (k: number) => `BENCH${String(k).padStart(4, '0')}`;

/**
 * A bulk load into `table`: its secondary indexes and unique and foreign-key constraints are dropped
 * and built once after `load` (sorted, in maintenance_work_mem, foreign keys checked by one join)
 * instead of a btree insert and a referential check per row, several times slower. Same definitions
 * as the migrations made, read back from the catalog.
 */
export async function bulkLoad(ds: DataSource, table: string, load: () => Promise<unknown>): Promise<void> {
  const indexes = await ds.query<{ name: string; def: string }[]>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE tablename = $1 AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass)`,
    [table],
  );
  const constraints = await ds.query<{ name: string; def: string }[]>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype IN ('u', 'f')`,
    [table],
  );
  for (const i of indexes) await ds.query(`DROP INDEX "${i.name}"`);
  for (const u of constraints) await ds.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${u.name}"`);
  await load();
  await ds.query(`SET maintenance_work_mem = '256MB'`);
  for (const u of constraints) await ds.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${u.name}" ${u.def}`);
  for (const i of indexes) await ds.query(i.def);
  await ds.query(`RESET maintenance_work_mem`);
}

export async function seedCoes(ds: DataSource, n: number, recipients = 1): Promise<SeededCoes> {
  const t0 = performance.now();
  await ds.query(
    `CREATE TEMP TABLE bench_recipient AS
     WITH u AS (
       INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
       SELECT 'BENCH' || lpad(k::text, 4, '0'), 'bench' || k || '@bench.test', 'institution_staff', 'BENCH', 'x',
              now(), now(), now()
         FROM generate_series(0, $1 - 1) k
       RETURNING id, login_id)
     SELECT substr(login_id, 6)::int AS k, id FROM u`,
    [recipients],
  );
  await bulkLoad(ds, 'coe', async () => {
    await ds.query(
      `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
         status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, received_at, revoked_at,
         revoked_reason, revoked_by, recipient_seq)
       SELECT ${NUMBER_SQL}, md5('a' || g) || md5(g::text), r.id,
         ($3::text[])[1 + g % 10] || ' ' || upper(substr(md5(g::text), 1, 6)), 'VNM', '2000-01-01', 'male', 'student',
         'X', now() - g * interval '1 second', now() + interval '3 months', 'bench', now(),
         CASE WHEN g % 5 = 0 THEN now() END, CASE WHEN g % 10 = 3 THEN now() END,
         CASE WHEN g % 10 = 3 THEN 'bench' END, CASE WHEN g % 10 = 3 THEN 'bench' END,
         -- its place in the recipient's list (oldest = 1): the larger g, the older
         row_number() OVER (PARTITION BY r.id ORDER BY g DESC)
       FROM generate_series(1, $1) g JOIN bench_recipient r ON r.k = g % $2`,
      [n, recipients, SURNAMES],
    );
  });
  await ds.query(
    `INSERT INTO coe_recipient (recipient_id, certificates)
     SELECT recipient_id, count(*) FROM coe GROUP BY recipient_id`,
  );
  await ds.query('DROP TABLE bench_recipient');
  // As autovacuum keeps a table that is mostly read: statistics, and the visibility map that lets index-only
  // scans skip the table (the searches' counts read their index alone).
  await ds.query('VACUUM ANALYZE');
  const loginIds = Array.from({ length: recipients }, (_, k) => benchLoginId(k));
  const seconds = (performance.now() - t0) / 1000;
  console.log(`seeded ${n.toLocaleString('en')} certificates in ${seconds.toFixed(1)} s`);
  return { loginIds, seconds };
}
