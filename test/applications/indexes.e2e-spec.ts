import {
  ApplicationsRepository,
  DUE_DRAFTS_SQL,
  DUE_WITHDRAWN_SQL,
  OPEN_STATUSES,
  QueueFilter,
} from '@app/applications';
import { queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import { makeOfficer, makeUser } from '../support/factories';
import { useApplications } from './support';

type PlanNode = { 'Node Type': string; 'Index Name'?: string; Plans?: PlanNode[] };
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

async function plan(db: DataSource, sql: string, params: unknown[]): Promise<PlanNode[]> {
  const [row] = await queryRows<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(db, `EXPLAIN (FORMAT JSON) ${sql}`, params);
  return nodes(row['QUERY PLAN'][0].Plan);
}

/**
 * Read from an index, in the list's order: no scan of the table and no sort of every match. Where the
 * filter matches many rows the planner may walk a wider index in order and skip the rest (an eighth of the
 * rows are one office's): `indexes` lists what serves the query, the narrowest first.
 */
function expectIndexOrdered(p: PlanNode[], ...indexes: string[]) {
  const types = p.map((n) => n['Node Type']);
  expect(types).not.toContain('Seq Scan');
  expect(types).not.toContain('Sort');
  const used = p.map((n) => n['Index Name']).filter(Boolean);
  expect(used.length).toBeGreaterThan(0);
  for (const name of used) expect(indexes).toContain(name);
}

// 40,000 applications of 40 filers over 8 offices and 7 procedures, a third of them decided: enough for
// the planner to cost the table as it would at scale (the bench seeds 1,000,000; same plans).
describe('the applications lists read indexes (EXPLAIN on PostgreSQL)', () => {
  const t = useApplications();
  let filerId: string;
  let officerId: string;
  const repo = () => t.app.get(ApplicationsRepository);

  beforeAll(async () => {
    const filers = await Promise.all(
      Array.from({ length: 40 }, () => makeUser(t.app, { category: 'institution_staff' })),
    );
    filerId = filers[0].id;
    officerId = (await makeOfficer(t.app)).id;
    await t.db.query(
      `INSERT INTO application (number, procedure_code, procedure_version, filer_id, filer_category, name_en, nationality,
         date_of_birth, sex, passport_number, in_japan, wanted_status, wanted_period_months, reason, office, status,
         decision, assigned_officer, submitted_at, updated_at)
       SELECT 'A2026-' || lpad(g::text, 10, '0'), (ARRAY['coe','change','extension','acquisition','work-certificate','reentry','extra-activity'])[1 + g % 7],
         1, ($1::uuid[])[1 + g % 40], 'institution_staff', 'NAME ' || (g % 997), 'VNM', '2000-01-01', 'male', 'P' || g, true,
         'student', 12, 'r', (ARRAY['sapporo','sendai','tokyo','nagoya','osaka','hiroshima','takamatsu','fukuoka'])[1 + g % 8],
         CASE WHEN g % 3 = 0 THEN 'decided' ELSE (ARRAY['received','examining','documents_requested'])[1 + g % 3] END,
         CASE WHEN g % 3 = 0 THEN 'approved' END, CASE WHEN g % 5 = 0 THEN $2::uuid END,
         timestamptz '2026-01-01Z' + g * interval '1 minute', now()
       FROM generate_series(1, 40000) g`,
      [filers.map((f) => f.id), officerId],
    );
    await t.db.query(
      `INSERT INTO application_event (application_id, type, to_status, actor_kind, created_at)
       SELECT id, 'submitted', 'received', 'filer', submitted_at FROM application`,
    );
    await t.db.query(
      `INSERT INTO application_draft (filer_id, procedure_code, created_at, updated_at)
       SELECT ($1::uuid[])[1 + g % 40], 'extension', now(), timestamptz '2026-01-01Z' + g * interval '1 minute'
       FROM generate_series(1, 20000) g`,
      [filers.map((f) => f.id)],
    );
    await t.db.query(`ANALYZE application; ANALYZE application_event; ANALYZE application_draft`);
  });

  const after = { at: new Date('2026-01-10T00:00:00Z'), id: '00000000-0000-0000-0000-000000000000' };
  const queue = (filter: QueueFilter, withCursor = false) =>
    repo()
      .queueQuery(filter, { limit: 51, after: withCursor ? after : undefined })
      .getQueryAndParameters();

  const open = OPEN_STATUSES;
  const decided: QueueFilter['statuses'] = ['decided'];
  it.each([
    ['open, unfiltered', { statuses: open }, ['application_open_idx']],
    ['open, by office', { statuses: open, office: 'osaka' }, ['application_open_office_idx', 'application_open_idx']],
    [
      'open, by procedure',
      { statuses: open, procedureCode: 'change' },
      ['application_open_procedure_idx', 'application_open_idx'],
    ],
    ['open, by officer', { statuses: open, assignedOfficer: 'OFFICER' }, ['application_open_officer_idx']],
    [
      'decided, by office',
      { statuses: decided, office: 'osaka' },
      ['application_status_office_idx', 'application_status_idx'],
    ],
    [
      'decided, by procedure',
      { statuses: decided, procedureCode: 'coe' },
      ['application_status_procedure_idx', 'application_status_idx', 'application_submitted_idx'],
    ],
  ] as [string, QueueFilter, string[]][])(
    'the office queue (%s) and its next page',
    async (_label, filter, indexes) => {
      const f = { ...filter, assignedOfficer: filter.assignedOfficer === 'OFFICER' ? officerId : undefined };
      for (const withCursor of [false, true]) {
        const [sql, params] = queue(f, withCursor);
        expectIndexOrdered(await plan(t.db, sql, params), ...indexes);
      }
    },
  );

  it('the filer’s list, newest first, and the API’s cursor over every application', async () => {
    // The repository's own statement, as 申請状況確認 runs it.
    const [own, ownParams] = repo().listOwnQuery(filerId, { after, limit: 21 }).getQueryAndParameters();
    expectIndexOrdered(await plan(t.db, own, ownParams), 'application_filer_idx');
    const api = `SELECT * FROM application WHERE (submitted_at, id) > ($1, $2) ORDER BY submitted_at, id LIMIT 101`;
    expectIndexOrdered(await plan(t.db, api, [after.at, after.id]), 'application_submitted_idx');
  });

  it('the filer’s list by applicant reads the name index (a filer’s matches are few: sorting them is cheap)', async () => {
    const [sql, params] = repo().listOwnQuery(filerId, { applicant: 'NAME 12', limit: 21 }).getQueryAndParameters();
    const p = await plan(t.db, sql, params);
    expect(p.map((n) => n['Node Type'])).not.toContain('Seq Scan');
    expect(p.map((n) => n['Index Name'])).toContain('application_filer_applicant_idx');
  });

  it('events after a cursor and one application’s history, drafts by filer and by age', async () => {
    const events = `SELECT * FROM application_event WHERE id > $1 ORDER BY id LIMIT 100`;
    expectIndexOrdered(await plan(t.db, events, ['1000']), 'application_event_pkey');
    const [{ id }] = await queryRows<{ id: string }>(t.db, `SELECT id FROM application LIMIT 1`);
    const history = `SELECT * FROM application_event WHERE application_id = $1 ORDER BY id`;
    expectIndexOrdered(await plan(t.db, history, [id]), 'application_event_application_idx');
    const drafts = `SELECT * FROM application_draft WHERE filer_id = $1 ORDER BY updated_at DESC LIMIT 100`;
    expectIndexOrdered(
      await plan(t.db, drafts, [filerId]),
      'application_draft_filer_idx',
      'application_draft_updated_idx',
    );
    const stale = `SELECT id FROM application_draft WHERE updated_at < $1 ORDER BY updated_at LIMIT 500`;
    expectIndexOrdered(await plan(t.db, stale, [new Date('2026-01-02T00:00:00Z')]), 'application_draft_updated_idx');
  });

  it('the retention job’s due drafts and withdrawn applications (the statements it runs)', async () => {
    const cutoff = new Date('2026-01-02T00:00:00Z');
    expectIndexOrdered(await plan(t.db, DUE_DRAFTS_SQL, [cutoff, 1000]), 'application_draft_updated_idx');
    // A few hundred withdrawn among the 40,000, some of them already purged (the partial index leaves those out).
    await t.db.query(
      `UPDATE application SET status = 'withdrawn', decision = NULL, withdrawn_at = submitted_at + interval '1 day',
         documents_purged_at = CASE WHEN substr(number, 16, 1) < '5' THEN submitted_at + interval '2 days' END
        WHERE substr(number, 14, 3) < '030'`,
    );
    await t.db.query(`ANALYZE application`);
    expectIndexOrdered(
      await plan(t.db, DUE_WITHDRAWN_SQL, [new Date('2026-03-01T00:00:00Z'), 1000]),
      'application_withdrawn_unpurged_idx',
    );
  });
});
