/**
 * Mail dispatch throughput: the outbox dispatcher (claim, send, mark sent) against a floor of plain
 * nodemailer pooled with the same number of connections, sending the same mails to the same SMTP sink
 * (smtp-server, accepts and discards) in the same run. Also the pre-pool way (a new connection per mail,
 * one at a time, a verify per batch of 50) for comparison.
 * Run: npm run bench:mail   (BENCH_MAILS=500 BENCH_MAIL_KB=40 MAIL_MAX_CONNECTIONS=4 by default)
 */
import { performance } from 'node:perf_hooks';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { AddressInfo } from 'node:net';
import { Test } from '@nestjs/testing';
import nodemailer from 'nodemailer';
import SMTPPool from 'nodemailer/lib/smtp-pool';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase, loadConfig, PlatformModule, startEmbeddedPostgres } from '@app/platform';
import { MailDispatcher, MailModule, OutgoingMail } from '@app/mail';

const MAILS = Number(process.env.BENCH_MAILS ?? 500);
const KB = Number(process.env.BENCH_MAIL_KB ?? 40);
const CONNECTIONS = Number(process.env.MAIL_MAX_CONNECTIONS ?? 4);
const FROM = 'Bench <bench@bench.test>';

/** Accepts every mail and throws it away, so the figures are ours and nodemailer's, not a disk's. */
async function startSink(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function mails(): OutgoingMail[] {
  const half = 'x'.repeat(71) + '\n';
  const body = half.repeat(Math.ceil((KB * 512) / half.length));
  return Array.from({ length: MAILS }, (_, i) => ({
    from: FROM,
    to: `r${i}@bench.test`,
    subject: `bench ${i}`,
    text: body,
    html: `<html><body><pre>${body}</pre></body></html>`,
  }));
}

async function timed(label: string, run: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await run();
  const rate = MAILS / ((performance.now() - t0) / 1000);
  console.log(`${label.padEnd(58)} ${rate.toFixed(0).padStart(6)} mails/s`);
  return rate;
}

async function eachAtMost<T>(limit: number, items: T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function main(): Promise<void> {
  const dataDir = join(__dirname, '..', '.data', 'bench', `pg-mail-${process.pid}`);
  const pg = await startEmbeddedPostgres({ dataDir, port: 54000 + (process.pid % 1000) });
  const sink = await startSink();
  try {
    await ensureDatabase(pg.url.replace(/\/residence$/, '/postgres'), 'residence');
    const ds = new DataSource(dataSourceOptions(pg.url));
    await ds.initialize();
    await ds.runMigrations();
    const batch = mails();
    console.log(`${MAILS} mails of ~${KB} kB, ${CONNECTIONS} connection(s), sink ${sink.url}`);

    const pooled = nodemailer.createTransport(new SMTPPool({ url: sink.url, pool: true, maxConnections: CONNECTIONS }));
    await timed('warm-up (pooled nodemailer)', () => eachAtMost(CONNECTIONS, batch, (m) => pooled.sendMail(m)));
    const floorRate = await timed(`floor: nodemailer pooled, ${CONNECTIONS} at once`, () =>
      eachAtMost(CONNECTIONS, batch, (m) => pooled.sendMail(m)),
    );
    pooled.close();

    const single = nodemailer.createTransport(sink.url);
    await timed('before: new connection per mail, one at a time, verify/50', async () => {
      for (let i = 0; i < batch.length; i++) {
        if (i % 50 === 0) await single.verify();
        await single.sendMail(batch[i]);
      }
    });
    single.close();

    const config = loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: pg.url,
      SMTP_URL: sink.url,
      LOG_LEVEL: 'error',
      MAIL_FROM: FROM,
      MAIL_MAX_CONNECTIONS: String(CONNECTIONS),
    });
    const ref = await Test.createTestingModule({ imports: [PlatformModule.forRoot({ config }), MailModule] }).compile();
    ref.useLogger(false);
    const app = await ref.init();
    const queue = async () => {
      await ds.query(
        `INSERT INTO mail_outbox (to_address, template, lng, subject, text_body, html_body, next_attempt_at, created_at)
         SELECT m->>'to', 'bench/mail', 'en', m->>'subject', m->>'text', m->>'html', now() - interval '1 second', now()
           FROM jsonb_array_elements($1::jsonb) m`,
        [JSON.stringify(batch)],
      );
      await ds.query('ANALYZE mail_outbox');
    };
    await queue();
    await timed('warm-up (dispatcher)', () => app.get(MailDispatcher).flush());
    await queue();
    const before = sink.received();
    const dispatcherRate = await timed(`dispatcher: flush(), batches of ${config.mailBatchSize}`, async () => {
      const r = await app.get(MailDispatcher).flush();
      if (r.sent !== MAILS) throw new Error(`sent ${r.sent} of ${MAILS}`);
    });
    if (sink.received() - before !== MAILS) throw new Error('the sink did not get every mail');
    console.log(`dispatcher / floor: ${(dispatcherRate / floorRate).toFixed(2)}`);
    await app.close();
    await ds.destroy();
  } finally {
    await sink.close();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
