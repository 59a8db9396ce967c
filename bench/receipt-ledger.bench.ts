/**
 * Receipt ledger paging at the repository: a recipient with 100,000 certificates against one with 10,
 * on the same embedded PostgreSQL, in the same run: time per page view (`ReceiptLedger.view`, the one
 * statement the controller runs: count, page and rows) and per `?coe=` view (the same with the
 * certificate's position folded in), each against the 10-certificate baseline.
 * Run: npm run bench -- receipt-ledger (BENCH_EXPLAIN=1 prints the plans)
 */
import { DataSource } from 'typeorm';
import { LEDGER_SQL, ReceiptLedger } from '@app/coe';
import { withBenchDatabase } from './bench-db';
import { BenchRow, fmt, meanMs, recordSection } from './report';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);

/** The page view before it was one statement: the kept count, the mailed link's position, the page. */
const FORMER = {
  count: `SELECT certificates AS total FROM coe_recipient WHERE recipient_id = $1`,
  position: `SELECT r.certificates - c.recipient_seq + 1 AS position
               FROM coe c JOIN coe_recipient r ON r.recipient_id = c.recipient_id
              WHERE c.recipient_id = $1 AND c.number = $2`,
  page: `SELECT number, first_mailed_at AS "firstMailedAt", received_at AS "receivedAt",
                revoked_at AS "revokedAt", valid_until AS "validUntil"
           FROM coe WHERE recipient_id = $1 AND recipient_seq BETWEEN $2 AND $3
          ORDER BY recipient_seq DESC`,
};

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
      // g = 1 is the newest; its place in the list (recipient_seq, oldest = 1) is n.
      await ds.query(
        `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
           status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, recipient_seq)
         SELECT $3 || '-' || g, md5($3 || g) || md5(g::text), $1, 'H', 'VNM', '2000-01-01', 'male', 'student', 'X',
           now() - g * interval '1 minute', now() + interval '3 months', 'bench', now(), $2 - g + 1
         FROM generate_series(1, $2) g`,
        [id, n, label],
      );
      await ds.query(`INSERT INTO coe_recipient (recipient_id, certificates) VALUES ($1, $2)`, [id, n]);
    }
    await ds.query('ANALYZE coe');
    const ledger = new ReceiptLedger(ds);
    /** Median over 3 runs of the mean ms of `run`. */
    const time = (run: () => Promise<unknown>) => meanMs(run, ROUNDS, 10);
    const page = (userId: string, n: number) => () => ledger.view(userId, n, 20);
    const rows: BenchRow[] = [];
    const base = await time(page(users.small, 1));
    for (const [label, n] of [
      ['first page', 1],
      ['middle page (2,500)', 2500],
      ['last page (5,000)', 5000],
    ] as const) {
      const ms = await time(page(users.large, n));
      rows.push({
        what: `100,000 certificates, ${label} of 20, ms`,
        floor: `10 certificates, page 1: ${fmt(base, 3)} ms`,
        result: `${fmt(ms, 3)} ms`,
        ratio: ms / base,
        target: '≤ 2× (lower is better; the middle page was 12.7× with OFFSET)',
        met: ms / base <= 2,
      });
    }
    // The mailed ?coe= link: the view of the certificate's page, newest / middle / oldest of 100,000.
    const posBase = await time(() => ledger.view(users.small, 1, 20, 'small-10'));
    for (const [label, g] of [
      ['newest', 1],
      ['middle', 50_000],
      ['oldest', 100_000],
    ] as const) {
      const ms = await time(() => ledger.view(users.large, 1, 20, `large-${g}`));
      rows.push({
        what: `100,000 certificates, \`?coe=\` view of the ${label}, ms`,
        floor: `10 certificates, the oldest: ${fmt(posBase, 3)} ms`,
        result: `${fmt(ms, 3)} ms`,
        ratio: ms / posBase,
        target: '≤ 2× (lower is better)',
        met: ms / posBase <= 2,
      });
    }
    // Before and after in the same run: the former page view's separate statements, one round trip each.
    const former = (userId: string, n: number, highlight?: string) => async () => {
      const [{ total }] = await ds.query<{ total: number }[]>(FORMER.count, [userId]);
      let pageNo = n;
      if (highlight) {
        const [c] = await ds.query<{ position: number }[]>(FORMER.position, [userId, highlight]);
        if (c) pageNo = Math.ceil(c.position / 20);
      }
      const top = total - (pageNo - 1) * 20;
      return ds.query<unknown[]>(FORMER.page, [userId, Math.max(top - 19, 1), top]);
    };
    for (const [label, one, before] of [
      ['middle page (2,500)', page(users.large, 2500), former(users.large, 2500)],
      ['`?coe=` oldest', () => ledger.view(users.large, 1, 20, 'large-100000'), former(users.large, 1, 'large-100000')],
    ] as const) {
      const was = await time(before);
      const now = await time(one);
      rows.push({
        what: `100,000 certificates, ${label}: one statement against the former separate ones, ms`,
        floor: `former (count, ${label.includes('coe') ? 'position, ' : ''}page): ${fmt(was, 3)} ms`,
        result: `${fmt(now, 3)} ms`,
        ratio: now / was,
        target: '— (before/after; lower is better)',
        met: null,
      });
    }
    if (process.env.BENCH_EXPLAIN) await explain(ds, users.large);
    recordSection({
      id: 'receipt-ledger',
      title: 'Receipt ledger queries (target 4, portal)',
      command: 'npm run bench -- receipt-ledger',
      method:
        'Seeded in SQL (generate_series): one recipient with 100,000 certificates, one with 10. ' +
        `Each figure: mean of ${ROUNDS} page views (one statement: count, page and rows; for \`?coe=\` ` +
        `with the certificate's position), median of 3 runs.`,
      rows,
      notes: [
        'A page is a range of `recipient_seq` (each certificate’s place in its recipient’s list, kept by ' +
          'issuance) on the index (recipient_id, recipient_seq): no OFFSET, so page 2,500 reads 20 index ' +
          'entries as page 1 does (before: middle page 12.7× the baseline, OFFSET walking ~50,000 entries).',
        'A page view is one statement (before: the kept count, then the page, and for `?coe=` the position ' +
          'first: two or three round trips). Its parameters and arithmetic are int so the page bounds stay ' +
          'an index range (a numeric bound made every view filter all 100,000 rows).',
      ],
    });
  });
}

/** The plans of the ledger's statement for the large recipient (BENCH_EXPLAIN=1): index range scans. */
async function explain(ds: DataSource, userId: string): Promise<void> {
  for (const [label, params] of [
    ['first page', [userId, 1, 20, null]],
    ['middle page', [userId, 2500, 20, null]],
    ['last page', [userId, 5000, 20, null]],
    ['?coe= oldest', [userId, 1, 20, 'large-100000']],
  ] as const) {
    const plan = await ds.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${LEDGER_SQL}`, [...params]);
    console.log(`--- ${label}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
