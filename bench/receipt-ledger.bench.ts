/**
 * Receipt ledger paging: a recipient with 100,000 certificates against one with 10, on the same
 * embedded PostgreSQL, in the same run. Prints time per page and the ratio to the small baseline.
 * Run: npm run bench
 */
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { POSITION_SQL, ReceiptLedger } from '@app/coe';
import { withBenchDatabase } from './bench-db';

async function main(): Promise<void> {
  await withBenchDatabase(async (ds) => {
    const users: Record<string, string> = {};
    for (const [label, n] of [
      ['small', 10],
      ['large', 100_000],
    ] as const) {
      const [{ id }] = await ds.query<{ id: string }[]>(
        `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
         VALUES ($1, $2, 'institution_staff', 'BENCH', 'x', now(), now(), now()) RETURNING id`,
        [`BENCH${label}`, `${label}@bench.test`],
      );
      users[label] = id;
      await ds.query(
        `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
           status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at)
         SELECT $3 || '-' || g, md5($3 || g) || md5(g::text), $1, 'H', 'VNM', '2000-01-01', 'male', 'student', 'X',
           now() - g * interval '1 minute', now() + interval '3 months', 'bench', now()
         FROM generate_series(1, $2) g`,
        [id, n, label],
      );
      await ds.query(`INSERT INTO coe_recipient (recipient_id, certificates) VALUES ($1, $2)`, [id, n]);
    }
    await ds.query('ANALYZE coe');
    const ledger = new ReceiptLedger(ds);
    const time = async (userId: string, page: number, size: number, rounds = 50): Promise<number> => {
      const total = await ledger.count(userId);
      for (let i = 0; i < 5; i++) await ledger.page(userId, page, size, total); // warm up
      const t0 = performance.now();
      for (let i = 0; i < rounds; i++) {
        const total2 = await ledger.count(userId);
        await ledger.page(userId, page, size, total2);
      }
      return (performance.now() - t0) / rounds;
    };
    const base = await time(users.small, 1, 20);
    const cases: [string, number][] = [
      ['first page', 1],
      ['middle page', 2500],
      ['last page', 5000],
    ];
    console.log(`baseline (10 certificates, page 1 of 20): ${base.toFixed(2)} ms per page`);
    for (const [label, page] of cases) {
      const ms = await time(users.large, page, 20);
      console.log(
        `100,000 certificates, ${label} (${page}): ${ms.toFixed(2)} ms per page, ${(ms / base).toFixed(1)}x baseline`,
      );
    }
    // The mailed ?coe= link: finding the certificate's page, newest / middle / oldest of 100,000.
    const positionOf = async (userId: string, number: string, rounds = 50): Promise<number> => {
      for (let i = 0; i < 5; i++) await ledger.position(userId, number);
      const t0 = performance.now();
      for (let i = 0; i < rounds; i++) await ledger.position(userId, number);
      return (performance.now() - t0) / rounds;
    };
    const posBase = await positionOf(users.small, 'small-10');
    console.log(`baseline ?coe= position (10 certificates, oldest): ${posBase.toFixed(2)} ms`);
    for (const [label, g] of [
      ['newest', 1],
      ['middle', 50_000],
      ['oldest', 100_000],
    ] as const) {
      const ms = await positionOf(users.large, `large-${g}`);
      console.log(`100,000 certificates, ?coe= ${label}: ${ms.toFixed(2)} ms, ${(ms / posBase).toFixed(1)}x baseline`);
    }
    if (process.env.BENCH_EXPLAIN) await explain(ds, users.large);
  });
}

/** The plans of the ledger's queries for the large recipient (BENCH_EXPLAIN=1): index scans, no sort of the set. */
async function explain(ds: DataSource, userId: string): Promise<void> {
  const page = (order: string, skip: number) =>
    `SELECT c.number FROM (SELECT id, issued_at FROM coe WHERE recipient_id = $1
       ORDER BY issued_at ${order}, id ${order} OFFSET ${skip} LIMIT 20) p JOIN coe c ON c.id = p.id
     ORDER BY p.issued_at DESC, p.id DESC`;
  for (const [label, sql] of [
    ['first page', page('DESC', 0)],
    ['middle page', page('DESC', 49_980)],
    ['last page', page('ASC', 0)],
  ]) {
    const plan = await ds.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [userId]);
    console.log(`--- ${label}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
  for (const g of [1, 50_000, 100_000]) {
    const [c] = await ds.query<{ issuedAt: string; id: string; fromNewest: boolean }[]>(POSITION_SQL.locate, [
      userId,
      `large-${g}`,
    ]);
    const sql = c.fromNewest ? POSITION_SQL.newer : POSITION_SQL.older;
    const plan = await ds.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [
      userId,
      c.issuedAt,
      c.id,
    ]);
    console.log(`--- ?coe= large-${g}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
}

void main();
