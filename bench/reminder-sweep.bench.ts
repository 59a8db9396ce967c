/**
 * The reminder sweep (target 1): 10,000 and 100,000 due among 1,000,000 certificates of 3,000 recipients
 * in 8 languages, against a floor of one set-based INSERT … SELECT into the outbox and one UPDATE, in the
 * same run on the same embedded PostgreSQL; the nothing-due case; the sweeping process's RSS.
 * Run: npm run bench -- reminder-sweep (REMINDER_BENCH_DUE=10000 for the small case alone)
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CoeModule, ReminderSweep } from '@app/coe';
import { MailRenderer } from '@app/mail';
import { LANGUAGE_CODES, loadConfig, PlatformModule } from '@app/platform';
import { withBenchDatabase } from './bench-db';
import { bulkLoad } from './seed-coes';
import { fmt, medianOf, recordSection, type BenchRow } from './report';

const CERTIFICATES = Number(process.env.REMINDER_BENCH_CERTIFICATES ?? 1_000_000);
const USERS = 3_000;
const NOW = new Date('2026-03-01T01:00:00Z');
const DAY = 24 * 3600_000;
const RUNS = 3;
const SIZES = (process.env.REMINDER_BENCH_DUE ?? '10000,100000').split(',').map(Number);

const rssMb = () => process.memoryUsage().rss / 1e6;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

const HOUR = 3600_000;

/**
 * Every measured run (the floor and the sweep, RUNS each, for each size) has its own block of
 * certificates, due at its own instant: block b is the certificates g in (first, first + 1.5·due]
 * (two in three of them awaiting, so exactly `due`), their next reminder at NOW + b + 1 hours, and the
 * run is made at that instant. Earlier blocks were reminded (next reminder a week on) and later ones
 * are not due yet, so each run finds exactly its block due with no state reset between runs.
 */
interface Block {
  due: number;
  first: number;
  last: number;
  at: Date;
}

function blocks(): Block[] {
  const out: Block[] = [];
  let first = 0;
  for (const due of SIZES) {
    if (due % 2 !== 0) throw new Error(`REMINDER_BENCH_DUE: ${due} is odd (a block is 1.5 × due certificates)`);
    for (let run = 0; run < 2 * RUNS; run++) {
      out.push({ due, first, last: first + 1.5 * due, at: new Date(NOW.getTime() + (out.length + 1) * HOUR) });
      first += 1.5 * due;
    }
  }
  if (first > CERTIFICATES) throw new Error(`${first} certificates needed for the runs, ${CERTIFICATES} seeded`);
  return out;
}
const BLOCKS = blocks();

async function seed(ds: DataSource): Promise<void> {
  const block = (k: keyof Block) => BLOCKS.map((b) => b[k]);
  await ds.query(
    `INSERT INTO app_user (login_id, email, category, name_en, lng, password_hash, password_changed_at, created_at, updated_at)
     SELECT 'BENCH' || g, 'user' || g || '@bench.test', 'foreign_national', 'BENCH USER', ($1::text[])[1 + g % 8],
            'x', now(), now(), now()
       FROM generate_series(1, $2::int) g`,
    [LANGUAGE_CODES, USERS],
  );
  // One in three received (no reminder state), two in three awaiting with their next reminder in the
  // future: two days on, or their block's instant (see Block).
  await bulkLoad(ds, 'coe', () =>
    ds.query(
      `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
       status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, first_mailed_at,
       received_at, next_reminder_at, recipient_seq)
     SELECT 'B-' || lpad(g::text, 7, '0'), md5('v' || g) || md5('w' || g), u.id, 'HOLDER', 'VNM', '2000-01-01',
            'male', 'student', 'Tokyo', $1::timestamptz - interval '10 days' - g * interval '1 second',
            $1::timestamptz + interval '80 days', 'bench', $1::timestamptz - interval '10 days',
            $1::timestamptz - interval '10 days',
            CASE WHEN g % 3 = 0 THEN $1::timestamptz - interval '1 day' END,
            CASE WHEN g % 3 <> 0 THEN coalesce(b.at, $1::timestamptz + interval '2 days') END,
            row_number() OVER (PARTITION BY u.id ORDER BY g DESC)
       FROM generate_series(1, $2::int) g
       JOIN (SELECT id, row_number() OVER (ORDER BY login_id) - 1 AS k FROM app_user) u ON u.k = g % $3
       LEFT JOIN unnest($4::int[], $5::int[], $6::timestamptz[]) AS b (first, last, at) ON g > b.first AND g <= b.last`,
      [NOW, CERTIFICATES, USERS, block('first'), block('last'), block('at')],
    ),
  );
  await ds.query(
    `INSERT INTO coe_recipient (recipient_id, certificates) SELECT recipient_id, count(*) FROM coe GROUP BY 1`,
  );
  await ds.query('VACUUM ANALYZE coe');
  await ds.query('VACUUM ANALYZE app_user');
}

const resets = { count: 0, ms: 0 };

/**
 * Before each measured run: an empty outbox, and the versions the last run left behind vacuumed (the
 * next run scans the same index range), with fresh statistics, so every run starts from the same table.
 */
async function reset(ds: DataSource): Promise<void> {
  const t0 = performance.now();
  await ds.query('TRUNCATE mail_outbox');
  await ds.query('VACUUM ANALYZE coe');
  resets.count++;
  resets.ms += performance.now() - t0;
}

/** The floor: what the sweep must do, as two set-based statements in one transaction (one body, no render). */
async function floor(
  ds: DataSource,
  body: { subject: string; text: string; html: string },
  now: Date,
): Promise<number> {
  const t0 = performance.now();
  await ds.transaction(async (m) => {
    await m.query(
      `INSERT INTO mail_outbox (dedupe_key, to_address, template, lng, subject, text_body, html_body, next_attempt_at,
         created_at, topic, attachments)
       SELECT 'coe-reminder:' || c.id || ':' || (c.reminders_sent + 1), u.email, 'coe/reminder', u.lng, $2,
              replace($3, 'NUMBER', c.number), replace($4, 'NUMBER', c.number), $1, $1, 'coe:' || c.id,
              jsonb_build_array(jsonb_build_object('kind', 'coe-pdf', 'id', c.id))
         FROM coe c JOIN app_user u ON u.id = c.recipient_id
        WHERE c.next_reminder_at <= $1 AND c.received_at IS NULL AND c.revoked_at IS NULL
       ON CONFLICT (dedupe_key) DO NOTHING`,
      [now, body.subject, body.text, body.html],
    );
    await m.query(
      `UPDATE coe SET reminders_sent = reminders_sent + 1, last_reminded_at = $1, next_reminder_at = $2
        WHERE next_reminder_at <= $1 AND received_at IS NULL AND revoked_at IS NULL`,
      [now, new Date(now.getTime() + 7 * DAY)],
    );
  });
  return performance.now() - t0;
}

async function outboxCount(ds: DataSource): Promise<number> {
  const [{ n }] = await ds.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM mail_outbox`);
  return n;
}

async function main(): Promise<void> {
  await withBenchDatabase(async (ds) => {
    const s0 = performance.now();
    await seed(ds);
    const seedS = (performance.now() - s0) / 1000;
    const url = (ds.options as { url: string }).url;
    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: url,
      LOG_LEVEL: 'error',
      SMTP_URL: 'smtp://127.0.0.1:1',
    });
    @Module({ imports: [PlatformModule.forRoot({ config }), CoeModule] })
    class SweepBenchModule {}
    const app = await NestFactory.createApplicationContext(SweepBenchModule, { logger: false });
    const sweep = app.get(ReminderSweep);
    // A real reminder body in Japanese, the longest of the languages, for the floor to copy.
    const sample = new MailRenderer(config.portalBaseUrl).render('coe/reminder', 'ja', {
      number: 'NUMBER',
      issuedAt: NOW,
      validUntil: NOW,
      receiptUrl: `${config.portalBaseUrl}/receipts?coe=NUMBER`,
    });
    console.log(`seeded in ${fmt(seedS, 1)} s`);
    const rows: BenchRow[] = [];
    const notes: string[] = [`Seeding 1,000,000 certificates and 3,000 users in SQL: ${fmt(seedS, 1)} s.`];
    try {
      await reset(ds);
      const idle = await medianOf(5, async () => (await sweep.run(NOW)).durationMs);
      rows.push({
        what: 'sweep with nothing due, among 1,000,000',
        floor: '—',
        result: `${fmt(idle.median, 1)} ms`,
        ratio: null,
        target: '≤ 50 ms',
        met: idle.median <= 50,
      });
      let nextBlock = 0;
      for (const due of SIZES) {
        const floorRuns: number[] = [];
        const ourRuns: number[] = [];
        let rssBefore = 0;
        let rssAfter = 0;
        for (let run = 0; run < RUNS; run++) {
          const [floorBlock, sweepBlock] = [BLOCKS[nextBlock++], BLOCKS[nextBlock++]];
          await reset(ds);
          floorRuns.push(await floor(ds, sample, floorBlock.at));
          if ((await outboxCount(ds)) !== due) throw new Error(`floor queued ${await outboxCount(ds)}, not ${due}`);
          await reset(ds);
          gc();
          const t0 = performance.now();
          const r = await sweep.run(sweepBlock.at);
          ourRuns.push(performance.now() - t0);
          gc();
          // After the first sweep (pools, caches and compiled code in place) against after the last.
          if (run === 0) rssBefore = rssMb();
          rssAfter = rssMb();
          if (r.queued !== due || (await outboxCount(ds)) !== due)
            throw new Error(`sweep queued ${r.queued}, not ${due}`);
        }
        console.log(
          `${due} due: floor ${floorRuns.map((ms) => fmt(ms / 1000)).join(', ')} s; sweep ${ourRuns
            .map((ms) => fmt(ms / 1000))
            .join(', ')} s; resets so far ${fmt(resets.ms / 1000, 1)} s`,
        );
        const f = await medianOf(RUNS, () => floorRuns.shift()!);
        const o = await medianOf(RUNS, () => ourRuns.shift()!);
        const ratio = o.median / f.median;
        rows.push({
          what: `sweep, ${due.toLocaleString('en-US')} due among 1,000,000`,
          floor: `INSERT … SELECT + UPDATE: ${fmt(f.median / 1000)} s`,
          result: `${fmt(o.median / 1000)} s`,
          ratio,
          target: '≤ 2×',
          met: ratio <= 2,
        });
        rows.push({
          what: `sweeping process RSS, ${RUNS} sweeps of ${due.toLocaleString('en-US')}`,
          floor: `${fmt(rssBefore, 0)} MB after the first`,
          result: `${fmt(rssAfter, 0)} MB after the last`,
          ratio: rssAfter / rssBefore,
          target: 'within 10 %',
          met: rssAfter / rssBefore <= 1.1,
        });
      }
    } finally {
      await app.close();
    }
    notes.push(
      `State reset before each run (${resets.count} in all): ${fmt(resets.ms / 1000, 1)} s together.`,
      'Before (issue 11): 10,000 due 19.7 s against a 1.17 s floor (16.9×), 100,000 due 179 s against 10.7 s; ' +
        'per certificate four queries and one template render. Now per batch of 500: one UPDATE that claims (FOR UPDATE SKIP LOCKED) ' +
        'and moves the reminder state on, one query for the recipients, and one INSERT … SELECT of the mails (rendered ' +
        'once per language, each mail’s values filled in by PostgreSQL).',
    );
    recordSection({
      id: 'reminder-sweep',
      title: 'Reminder sweep (target 1: ≤ 2× the set-based floor)',
      command: 'npm run bench -- reminder-sweep',
      method:
        `1,000,000 certificates (a third received, two thirds awaiting) of 3,000 users in 8 languages, seeded with ` +
        `generate_series; ${RUNS} runs of the floor and ${RUNS} of ReminderSweep.run alternating, each run with a block of ` +
        `n awaiting certificates of its own due at its own instant (an hour after the last run's; earlier blocks reminded, ` +
        `later ones not yet due), the outbox emptied and the table vacuumed and analysed before each; medians. The sweep runs in this process as in the worker (Nest context, pool of the app's size).`,
      rows,
      notes,
    });
  });
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
