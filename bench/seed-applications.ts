/**
 * Applications for the benchmarks, in SQL (generate_series), never row by row: the 1,000,000-row seed of
 * the list queries, the office queue's pages and a filer's 申請状況確認, and one application with a full
 * history and documents for the detail pages. Application g's number is `benchApplicationNumber(g)`
 * (a real-shaped 受付番号, so the pages' number check lets it through).
 */
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { allProcedures } from '@app/procedures';
import { benchCode, benchCodeSql, bulkLoad, SURNAMES } from './seed-coes';

/** Application g's procedure: the seven, by g % 7. */
const PROCEDURES = allProcedures().map((p) => p.code);
const OFFICES = ['sapporo', 'sendai', 'tokyo', 'nagoya', 'osaka', 'hiroshima', 'takamatsu', 'fukuoka'];
// Application g's status by g % 10: half open, three in ten decided, one result, one withdrawn.
const STATUSES = [
  'received',
  'received',
  'examining',
  'examining',
  'documents_requested',
  'decided',
  'decided',
  'decided',
  'result_issued',
  'withdrawn',
];

export const benchApplicationNumber = (g: number): string => `A2026-${benchCode(g, 10)}`;

export interface ApplicationRows {
  n: number;
  /** With one filer, every row is theirs; with more, the first has one in ten (a lawyer filing for many). */
  filers: string[];
  category: string;
  /** Three in four rows are assigned round robin; none when empty. */
  officers: string[];
}

/**
 * Inserts applications 1…n: procedure by g % 7, office by g % 8, status by g % 10, applicant names from
 * ten surnames (ten rows in turn each) and a hex token, filed a second apart from 2026-01-01.
 */
export async function insertApplications(ds: DataSource, { n, filers, category, officers }: ApplicationRows) {
  await ds.query(
    `INSERT INTO application (number, procedure_code, procedure_version, filer_id, filer_category, name_en, nationality,
       date_of_birth, sex, passport_number, in_japan, wanted_status, wanted_period_months, reason, office, status,
       decision, assigned_officer, submitted_at, decided_at, withdrawn_at, updated_at)
     SELECT 'A2026-' || ${benchCodeSql(10)}, ($3::text[])[1 + g % cardinality($3::text[])], 1,
       ($1::uuid[])[CASE WHEN $5 = 1 OR g % 10 = 0 THEN 1 ELSE 2 + g % greatest($5 - 1, 1) END], $10,
       ($6::text[])[1 + (g / 10) % 10] || ' ' || upper(substr(md5(g::text), 1, 6)), 'VNM', '1995-05-04', 'male',
       'P' || g, g % 7 <> 0, 'student', 12, 'r', ($4::text[])[1 + g % 8], s.status,
       CASE WHEN s.status IN ('decided', 'result_issued') THEN 'approved' END,
       CASE WHEN g % 4 = 0 OR $7 = 0 THEN NULL ELSE ($2::uuid[])[1 + g % greatest($7, 1)] END,
       timestamptz '2026-01-01Z' + g * interval '1 second',
       CASE WHEN s.status IN ('decided', 'result_issued') THEN now() END,
       CASE WHEN s.status = 'withdrawn' THEN now() END, now()
     FROM generate_series(1, $8::int) g CROSS JOIN LATERAL (SELECT ($9::text[])[1 + g % 10] AS status) s`,
    [filers, officers, PROCEDURES, OFFICES, filers.length, SURNAMES, officers.length, n, STATUSES, category],
  );
}

/**
 * `n` applications over 1,000 lawyers (the first with a tenth of them) and 20 officers, indexes built
 * after the load; returns the busy filer's and an officer's id.
 */
export async function seedApplications(ds: DataSource, n: number) {
  const t0 = performance.now();
  const filers = await ds.query<{ id: string }[]>(
    `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
     SELECT 'BAPP' || lpad(k::text, 4, '0'), 'bapp' || k || '@bench.test', 'lawyer', 'BENCH', 'x', now(), now(), now()
       FROM generate_series(0, 999) k ORDER BY k RETURNING id`,
  );
  const officers = await ds.query<{ id: string }[]>(
    `INSERT INTO officer (login_id, name, password_hash, created_at, updated_at)
     SELECT 'bench-officer-' || k, 'Officer ' || k, 'x', now(), now() FROM generate_series(0, 19) k RETURNING id`,
  );
  await bulkLoad(ds, 'application', () =>
    insertApplications(ds, {
      n,
      filers: filers.map((f) => f.id),
      category: 'lawyer',
      officers: officers.map((o) => o.id),
    }),
  );
  await ds.query('VACUUM ANALYZE application');
  const seconds = (performance.now() - t0) / 1000;
  console.log(`seeded ${n.toLocaleString('en')} applications in ${seconds.toFixed(1)} s`);
  return { busy: filers[0].id, officer: officers[1].id, seconds, filers: filers.length, officers: officers.length };
}

/**
 * Application g as a detail page sees one in the middle of its examination: 追加資料提出依頼 after an
 * earlier request was answered (six history lines), the face photo and four PDFs.
 */
export async function withHistory(ds: DataSource, g: number): Promise<string> {
  const number = benchApplicationNumber(g);
  const [{ id, filer_id: filer }] = await ds.query<{ id: string; filer_id: string }[]>(
    `SELECT id, filer_id FROM application WHERE number = $1`,
    [number],
  );
  await ds.query(
    `UPDATE application SET status = 'documents_requested', decision = NULL, decided_at = NULL, withdrawn_at = NULL,
       organisation = '{"name": "BENCH UNIVERSITY", "address": "1-1 Chiyoda, Tokyo", "phone": "03-0000-0000"}'
     WHERE id = $1`,
    [id],
  );
  await ds.query(
    `INSERT INTO application_event (application_id, type, from_status, to_status, actor_kind, actor_id, message, deadline,
       created_at)
     SELECT $1::uuid, e.type, e.from_status, e.to_status, e.actor_kind, e.actor_id, e.message, e.deadline::date,
       timestamptz '2026-01-01Z' + e.k * interval '1 day'
     FROM (VALUES
       (0, 'submitted', NULL, 'received', 'filer', $2::text, NULL, NULL),
       (1, 'status_changed', 'received', 'examining', 'system', NULL, NULL, NULL),
       (2, 'status_changed', 'examining', 'documents_requested', 'system', NULL,
          '在職証明書と源泉徴収票を提出してください。', '2026-01-20'),
       (3, 'documents_added', NULL, NULL, 'filer', $2, '2', NULL),
       (4, 'status_changed', 'documents_requested', 'examining', 'filer', $2, '提出します。', NULL),
       (5, 'status_changed', 'examining', 'documents_requested', 'system', NULL,
          '住民税の納税証明書を提出してください。', '2026-02-10')
     ) AS e(k, type, from_status, to_status, actor_kind, actor_id, message, deadline)`,
    [id, filer],
  );
  await ds.query(
    `INSERT INTO application_document (application_id, item, storage_key, sha256, size, kind, original_name, uploaded_by,
       uploaded_at)
     SELECT $1::uuid, d.item, 'bench/' || $1::text || '/' || d.k, md5(d.k::text) || md5(d.k::text), d.size, d.kind,
       d.name, $2::uuid,
       timestamptz '2026-01-01Z' + d.k * interval '1 hour'
     FROM (VALUES
       (0, 'photo', 'jpeg', 'photo.jpg', 180000),
       (1, 'other', 'pdf', 'passport.pdf', 1200000),
       (2, 'other', 'pdf', 'certificate-of-employment.pdf', 350000),
       (3, 'other', 'pdf', 'withholding-tax-slip.pdf', 420000),
       (4, 'other', 'pdf', 'contract.pdf', 2400000)
     ) AS d(k, item, kind, name, size)`,
    [id, filer],
  );
  return number;
}
