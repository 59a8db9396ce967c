/**
 * The applications' lists at 1,000,000 applications (issue 13.6), at the repository: the office queue
 * (each filter), 申請状況確認 (a filer with 100,000 applications, and by applicant) and the API's cursor
 * over every application; each first page and a deep keyset page against the floor of the same number of
 * rows read by primary key, each plan checked for an index and no Seq Scan on application.
 * Run: npm run bench -- application-queries (BENCH_APPLICATIONS sets the size; BENCH_EXPLAIN=1 prints plans)
 */
import { DataSource, In, SelectQueryBuilder } from 'typeorm';
import { Application, ApplicationsRepository, OPEN_STATUSES, QueueFilter } from '@app/applications';
import { dataSourceOptions } from '@app/platform';
import { withBenchDatabase } from './bench-db';
import { BenchRow, fmt, meanMs, recordSection } from './report';
import { seedApplications } from './seed-applications';

const N = Number(process.env.BENCH_APPLICATIONS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);

type Plan = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: Plan[] };
const flat = (p: Plan): Plan[] => [p, ...(p.Plans ?? []).flatMap(flat)];

/** The plan's indexes, or why it is not index-backed (a Seq Scan on application). */
async function indexesOf(ds: DataSource, q: SelectQueryBuilder<Application>): Promise<{ ok: boolean; text: string }> {
  const [sql, params] = q.getQueryAndParameters();
  const [row] = await ds.query<{ 'QUERY PLAN': [{ Plan: Plan }] }[]>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const nodes = flat(row['QUERY PLAN'][0].Plan);
  const seq = nodes.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'application');
  const used = [...new Set(nodes.map((n) => n['Index Name']).filter(Boolean))];
  if (process.env.BENCH_EXPLAIN) {
    const text = await ds.query<{ 'QUERY PLAN': string }[]>(`EXPLAIN ANALYZE ${sql}`, params);
    console.log(text.map((r) => r['QUERY PLAN']).join('\n'));
  }
  return { ok: !seq && used.length > 0, text: seq ? 'Seq Scan on application' : used.join(', ') };
}

interface Case {
  what: string;
  /** The statement for a page after `after` (none: the first page). */
  query: (after?: { at: Date; id: string }) => SelectQueryBuilder<Application>;
  /** Rows a page reads (the service's page size + 1). */
  limit: number;
  /** The deep page: the row this far down the list is the cursor. */
  depth: number;
}

async function main(): Promise<void> {
  await withBenchDatabase(async (bare) => {
    const { busy, officer, seconds, filers, officers } = await seedApplications(bare, N);
    const ds = new DataSource(
      dataSourceOptions((bare.options as { url: string }).url, { entities: [Application], extra: { max: 2 } }),
    );
    await ds.initialize();
    const orm = ds.getRepository(Application);
    const repo = new ApplicationsRepository(orm);
    const queue =
      (filter: QueueFilter, limit = 51) =>
      (after?: { at: Date; id: string }) =>
        repo.queueQuery(filter, { after, limit });
    const own = (applicant?: string) => (after?: { at: Date; id: string }) =>
      repo.listOwnQuery(busy, { applicant, after, limit: 21 });
    const open = OPEN_STATUSES;
    const cases: Case[] = [
      { what: 'office queue, open (default)', query: queue({ statuses: open }), limit: 51, depth: 250_000 },
      {
        what: 'office queue, open, by office',
        query: queue({ statuses: open, office: 'osaka' }),
        limit: 51,
        depth: 30_000,
      },
      {
        what: 'office queue, open, by procedure',
        query: queue({ statuses: open, procedureCode: 'change' }),
        limit: 51,
        depth: 30_000,
      },
      {
        what: 'office queue, open, by officer',
        query: queue({ statuses: open, assignedOfficer: officer }),
        limit: 51,
        depth: 10_000,
      },
      {
        what: 'office queue, decided, by office',
        query: queue({ statuses: ['decided'], office: 'osaka' }),
        limit: 51,
        depth: 20_000,
      },
      { what: '申請状況確認, filer with 100,000', query: own(), limit: 21, depth: 50_000 },
      { what: '申請状況確認 by applicant ("NGUYEN A")', query: own('NGUYEN A'), limit: 21, depth: 300 },
      { what: 'API cursor over every application', query: queue({}, 101), limit: 101, depth: 500_000 },
    ].map((c) => ({ ...c, depth: Math.min(c.depth, Math.floor(N / 20)) }));

    const time = (run: () => Promise<unknown>) => meanMs(run, ROUNDS, 5);
    const rows: BenchRow[] = [];
    const floors = new Map<number, number>();
    for (const c of cases) {
      // The cursor of the deep page: the row `depth` down the list (read once, with OFFSET).
      const [deep] = await c.query().limit(1).offset(c.depth).getMany();
      const firstRows = await c.query().getMany();
      // The floor: as many rows as a page, fetched by primary key (one index probe each), in the same run.
      if (!floors.has(c.limit)) {
        const ids = (await orm.find({ select: { id: true }, take: c.limit, skip: 1000 })).map((r) => r.id);
        floors.set(c.limit, await time(() => orm.findBy({ id: In(ids) })));
      }
      const floor = floors.get(c.limit)!;
      for (const [label, after] of [
        ['first page', undefined],
        [
          `keyset page after row ${c.depth.toLocaleString('en')}`,
          deep ? { at: deep.submittedAt, id: deep.id } : undefined,
        ],
      ] as const) {
        const plan = await indexesOf(ds, c.query(after));
        const ms = await time(() => c.query(after).getMany());
        rows.push({
          what: `${c.what}: ${label} (${firstRows.length} rows)`,
          floor: `${c.limit} rows by primary key: ${fmt(floor, 3)} ms`,
          result: `${fmt(ms, 3)} ms; ${plan.text}`,
          ratio: ms / floor,
          target: '≤ 3× and an index, no Seq Scan on application (lower is better)',
          met: ms / floor <= 3 && plan.ok,
        });
      }
    }
    await ds.destroy();
    recordSection({
      id: 'application-queries',
      title: `Applications lists over ${N.toLocaleString('en')} applications (issue 13.6)`,
      command: 'npm run bench -- application-queries',
      method:
        `${N.toLocaleString('en')} applications seeded with generate_series (bench/application-queries.bench.ts, ` +
        `${seconds.toFixed(1)} s, indexes built after the load): ${filers} filers (one with a tenth of them), ` +
        `${officers} officers (three in four assigned), 7 procedures, 8 offices, half open, three in ten decided. ` +
        `Each figure: the repository's page statement (TypeORM, rows hydrated), mean of ${ROUNDS} calls, median of 3 runs; ` +
        'the plan read with EXPLAIN.',
      rows,
      notes: [
        'Every list reads an index in its order and stops after its page: the deep keyset page costs what the ' +
          'first does. The floor fetches the same number of rows by primary key, so a ratio near 1 is a page ' +
          'that reads no more than its rows.',
      ],
    });
  });
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
