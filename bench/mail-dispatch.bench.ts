/**
 * Mail dispatch (issue 11, target 3), in one run on one embedded PostgreSQL and one fast SMTP sink
 * (smtp-server in a child process, accepts and discards, so the CPU measured here is the sender's):
 * - reminders with their stored certificate PDF sent by the outbox dispatcher (claim, one query for the
 *   batch's checks and stored PDFs, send, mark sent) against a floor of plain nodemailer pooled with the same concurrency sending
 *   the same mails, PDF in memory;
 * - the worker's CPU per reminder mail;
 * - how long a reset mail queued during a 100,000-reminder burst waits, against the time the burst needs.
 * Run: npm run bench -- mail-dispatch   (BENCH_MAILS=300 BENCH_BURST=100000 MAIL_MAX_CONNECTIONS=4)
 */
import { fork, ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Test } from '@nestjs/testing';
import nodemailer from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { CoeModule, CoeService } from '@app/coe';
import { MailDispatcher, MailModule, OutgoingMail } from '@app/mail';
import { loadConfig, PlatformModule } from '@app/platform';
import { withBenchDatabase } from './bench-db';
import { fmt, medianOf, recordSection } from './report';

const MAILS = Number(process.env.BENCH_MAILS ?? 300);
const BURST = Number(process.env.BENCH_BURST ?? 100_000);
const CONNECTIONS = Number(process.env.MAIL_MAX_CONNECTIONS ?? 4);
const BATCH = 50;
const FROM = 'Bench <bench@bench.test>';
const TEXT = `${'Please register the receipt of your e-COE. '.repeat(30)}\n`;
const HTML = `<html><body><p>${TEXT}</p></body></html>`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The child process: an SMTP server that accepts every mail and throws it away. */
function runSink(): void {
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      stream.on('data', () => undefined);
      stream.on('end', () => done());
    },
  });
  server.listen(0, '127.0.0.1', () => process.send?.((server.server.address() as AddressInfo).port));
  process.on('disconnect', () => process.exit(0));
}

async function startSink(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(__filename, ['sink'], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve(Number(m)));
    child.once('exit', (code) => reject(new Error(`the sink exited (${code})`)));
  });
  return { url: `smtp://127.0.0.1:${port}`, child };
}

async function eachAtMost<T>(limit: number, items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** Mails/s and CPU ms a mail of one run of `mails` mails. */
async function timed(mails: number, run: () => Promise<unknown>): Promise<{ rate: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { rate: mails / seconds, cpuMs: (cpu.user + cpu.system) / 1000 / mails };
}

async function seed(ds: DataSource, pdf: Buffer): Promise<void> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  await ds.query(`INSERT INTO coe_document (sha256, bytes, size, created_at) VALUES ($1, $2, $3, now())`, [
    sha256,
    pdf,
    pdf.length,
  ]);
  const [{ id }] = await ds.query<{ id: string }[]>(
    `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
     VALUES ('BENCHMAIL', 'mail@bench.test', 'institution_staff', 'BENCH', 'x', now(), now(), now()) RETURNING id`,
  );
  await ds.query(
    `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
       status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, document_sha256,
       recipient_seq)
     SELECT 'M-' || g, md5('m' || g) || md5(g::text), $1, 'H', 'VNM', '2000-01-01', 'male', 'student', 'X',
       now() - interval '8 days' - g * interval '1 second', now() + interval '3 months', 'bench', now(), $3,
       $2 - g + 1 -- its place in the list, oldest = 1
     FROM generate_series(1, $2) g`,
    [id, BURST, sha256],
  );
  await ds.query('ANALYZE coe');
}

/** Queues reminders (bulk, each with its certificate's PDF) for certificates first … first + n − 1. */
async function queueReminders(ds: DataSource, first: number, n: number): Promise<void> {
  await ds.query(
    `INSERT INTO mail_outbox (to_address, template, lng, subject, text_body, html_body, next_attempt_at, created_at,
       topic, attachments, priority)
     SELECT 'r' || c.id || '@bench.test', 'coe/reminder', 'en', 'Reminder ' || c.number, $3, $4,
       now() - interval '1 second', now(), 'coe:' || c.id,
       jsonb_build_array(jsonb_build_object('kind', 'coe-pdf', 'id', c.id::text)), 1
     FROM generate_series($1::int, $1::int + $2::int - 1) g JOIN coe c ON c.number = 'M-' || g`,
    [first, n, TEXT, HTML],
  );
  await ds.query('ANALYZE mail_outbox');
}

const started = performance.now();
const phase = (what: string) => console.log(`${((performance.now() - started) / 1000).toFixed(1)} s: ${what}`);

async function main(): Promise<void> {
  const sink = await startSink();
  try {
    await withBenchDatabase(async (ds) => {
      phase('database ready');
      const config = loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: (ds.options as { url: string }).url,
        SMTP_URL: sink.url,
        LOG_LEVEL: 'error',
        MAIL_FROM: FROM,
        MAIL_MAX_CONNECTIONS: String(CONNECTIONS),
        MAIL_BATCH_SIZE: String(BATCH),
      });
      const ref = await Test.createTestingModule({
        imports: [PlatformModule.forRoot({ config }), MailModule, CoeModule],
      }).compile();
      ref.useLogger(false);
      const app = await ref.init();
      const dispatcher = app.get(MailDispatcher);
      const pdf = await app.get(CoeService).pdfFor({
        number: 'M-1',
        verificationCode: 'x'.repeat(64),
        holderNameEn: 'H',
        nationality: 'VNM',
        dateOfBirth: '2000-01-01',
        gender: 'male',
        statusOfResidence: 'student',
        issuingOffice: 'X',
        issuedAt: new Date('2026-01-05T00:00:00Z'),
        validUntil: new Date('2026-04-05T00:00:00Z'),
      });
      const seedStarted = performance.now();
      await seed(ds, pdf);
      const seedS = (performance.now() - seedStarted) / 1000;
      phase('seeded');

      // The floor sends what the dispatcher sends: the same text, HTML and stored PDF to the same sink.
      const sameMails: OutgoingMail[] = Array.from({ length: MAILS }, (_, i) => ({
        from: FROM,
        to: `r${i + 1}@bench.test`,
        subject: `Reminder M-${i + 1}`,
        text: TEXT,
        html: HTML,
        attachments: [{ filename: `e-COE-M-${i + 1}.pdf`, content: pdf, contentType: 'application/pdf' }],
      }));
      const pooled = nodemailer.createTransport(
        new SMTPPool({ url: sink.url, pool: true, maxConnections: CONNECTIONS }),
      );
      const floorRun = (n = MAILS) =>
        timed(n, () => eachAtMost(CONNECTIONS, sameMails.slice(0, n), (m) => pooled.sendMail(m)));
      let next = 1;
      const oursRun = async (n = MAILS) => {
        await queueReminders(ds, next, n);
        next += n;
        return timed(n, async () => {
          const r = await dispatcher.flush();
          if (r.sent !== n) throw new Error(`sent ${r.sent} of ${n}`);
        });
      };
      await floorRun(100); // warm-up of both
      await oursRun(100);
      const floors: { rate: number; cpuMs: number }[] = [];
      const ours: { rate: number; cpuMs: number }[] = [];
      // Alternated, so that a noisy neighbour weighs on both alike.
      const rate = await medianOf(3, async () => {
        floors.push(await floorRun());
        ours.push(await oursRun());
        return ours[ours.length - 1].rate / floors[floors.length - 1].rate;
      });
      pooled.close();
      phase('throughput runs done');
      const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
      const floorRate = median(floors.map((f) => f.rate));
      const oursRate = median(ours.map((o) => o.rate));
      const floorCpu = median(floors.map((f) => f.cpuMs));
      const oursCpu = median(ours.map((o) => o.cpuMs));

      // The burst: every certificate gets a reminder; dispatching starts; one reset mail is queued.
      await ds.query(`DELETE FROM mail_outbox`);
      const burstSeedStarted = performance.now();
      await queueReminders(ds, 1, BURST);
      const burstSeedS = (performance.now() - burstSeedStarted) / 1000;
      phase('burst queued');
      let stop = false;
      const burstStarted = performance.now();
      const dispatching = (async () => {
        while (!stop) await dispatcher.dispatchDue();
      })();
      const sentReminders = async () =>
        Number(
          (
            await ds.query<{ n: string }[]>(
              `SELECT count(*) AS n FROM mail_outbox WHERE template = 'coe/reminder' AND status = 'sent'`,
            )
          )[0].n,
        );
      await sleep(3000);
      const [{ id: resetId }] = await ds.query<{ id: string }[]>(
        `INSERT INTO mail_outbox (to_address, template, lng, subject, text_body, html_body, next_attempt_at, created_at,
           attachments, priority)
         VALUES ('reset@bench.test', 'accounts/reset-link', 'en', 'Reset your password', $1, $2, now(), now(), '[]', 0)
         RETURNING id`,
        [TEXT, HTML],
      );
      const queuedAt = performance.now();
      let latencyS = NaN;
      for (let i = 0; i < 3000; i++) {
        const [row] = await ds.query<{ status: string }[]>(`SELECT status FROM mail_outbox WHERE id = $1`, [resetId]);
        if (row.status === 'sent') {
          latencyS = (performance.now() - queuedAt) / 1000;
          break;
        }
        await sleep(10);
      }
      const sentAtReset = await sentReminders();
      stop = true;
      await dispatching;
      const burstRate = (await sentReminders()) / ((performance.now() - burstStarted) / 1000);
      const burstNeedsS = BURST / burstRate;
      await app.close();
      phase('burst stopped');

      const latencyRatio = latencyS / burstNeedsS;
      recordSection({
        id: 'mail-dispatch',
        title: 'Mail dispatch (target 3: pooled, concurrent, transactional mail first)',
        command: 'npm run bench -- mail-dispatch',
        method:
          `${MAILS} reminders a run (text and HTML ~${fmt(TEXT.length / 1000, 1)} kB each, the stored ` +
          `${fmt(pdf.length / 1000, 0)} kB certificate PDF attached), ${CONNECTIONS} connections, batches of ${BATCH}; ` +
          '3 runs of each, alternating floor and dispatcher, median; SMTP sink (smtp-server) in a child process. ' +
          `Burst: ${BURST.toLocaleString('en-US')} reminders queued with one INSERT … SELECT from ` +
          `${BURST.toLocaleString('en-US')} certificates (generate_series, ${fmt(seedS, 1)} s; the burst's outbox rows ` +
          `${fmt(burstSeedS, 1)} s), the dispatcher started, after 3 s one reset mail (accounts/reset-link, normal ` +
          'priority) queued; its latency is from its INSERT to its row being sent (polled every 10 ms).',
        rows: [
          {
            what: 'reminders with their PDF, mails/s',
            floor: `nodemailer pooled, ${CONNECTIONS} at once: ${fmt(floorRate, 0)} mails/s`,
            result: `${fmt(oursRate, 0)} mails/s`,
            ratio: rate.median,
            target: '≥ 0.8×',
            met: rate.median >= 0.8,
          },
          {
            what: 'worker CPU per reminder mail',
            floor: `nodemailer alone: ${fmt(floorCpu)} ms`,
            result: `${fmt(oursCpu)} ms`,
            ratio: oursCpu / floorCpu,
            target: '— (≈183 ms before, 157 ms of it re-rendering the PDF)',
            met: null,
          },
          {
            what: `reset mail queued ${fmt((queuedAt - burstStarted) / 1000, 1)} s into a ${BURST.toLocaleString('en-US')}-reminder burst, time to sent`,
            floor: `the burst needs ${fmt(burstNeedsS, 0)} s (${fmt(burstRate, 0)} mails/s)`,
            result: `${fmt(latencyS)} s, ${sentAtReset.toLocaleString('en-US')} reminders sent by then`,
            ratio: latencyRatio,
            target: '≤ 0.01× (long before the burst ends)',
            met: latencyRatio <= 0.01 && sentAtReset < BURST,
          },
        ],
        notes: [
          `Each run's ratio (dispatcher ÷ floor): ${rate.values.map((v) => fmt(v)).join(', ')}.`,
          'The dispatcher does what the floor does not: per batch of ' +
            `${BATCH}, the claim and one query for every reminder's "still wanted" state and stored PDF (each ` +
            'distinct document read once; here all reminders share one, in production each certificate has its own); ' +
            'per mail, marking the row sent, in one UPDATE with the mails sent while the mark before it was written.',
          'Before (issue 11 round 2): 0.79× (runs 0.80, 0.77, 0.79), 5.45 ms CPU a mail: two certificate lookups ' +
            'and a PDF read per reminder, and one UPDATE per sent row with the lane waiting for it.',
          'The burst is not sent to the end (it would take the time in the floor column); the reset mail goes ' +
            'out in the batch after the one in flight when it is queued, because the claim orders by priority.',
        ],
      });
    });
  } finally {
    sink.child.kill();
  }
}

if (process.argv[2] === 'sink') runSink();
else
  void main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
