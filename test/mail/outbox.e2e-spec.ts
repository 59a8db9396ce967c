import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { SMTPServer } from 'smtp-server';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailDispatcher, MailModule, MailService } from '@app/mail';
import { AppConfig, Clock, LANGUAGE_CODES, ManualClock, PlatformModule, queryRows } from '@app/platform';
import { testConfig } from '../support/apps';
import { freePort } from '../support/free-port';
import { allMails, mailsTo, startMailCatcher, MailCatcher } from '../support/mail-catcher';
import { createTestDatabase } from '../support/test-postgres';

/** One "worker": its own Nest context and connection pool on the shared database. */
async function worker(config: AppConfig, clock: ManualClock): Promise<INestApplicationContext> {
  const ref = await Test.createTestingModule({ imports: [PlatformModule.forRoot({ config }), MailModule] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  ref.useLogger(false);
  return ref.init();
}

const unique = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}@example.test`;

describe('mail outbox and dispatcher (real PostgreSQL, real SMTP)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const clock = new ManualClock('2026-04-01T00:00:00Z');
  let a: INestApplicationContext;

  beforeAll(async () => {
    db = await createTestDatabase();
    a = await worker(testConfig(db.url), clock);
  });
  afterAll(async () => {
    await a?.close();
    await db?.drop();
  });

  it.each(LANGUAGE_CODES)('delivers a %s mail with text and HTML parts', async (lng) => {
    const to = unique(lng);
    expect(await a.get(MailService).enqueue({ to, template: 'mail/test', lng, data: { sentAt: clock.now() } })).toBe(
      true,
    );
    const r = await a.get(MailDispatcher).dispatchDue();
    expect(r.sent).toBeGreaterThanOrEqual(1);
    const [mail] = await mailsTo(to);
    expect(mail).toBeDefined();
    expect(mail.text).toContain('--');
    expect(mail.html).toContain(`<html lang="${lng}">`);
    expect(mail.subject.length).toBeGreaterThan(5);
    const row = await queryRows<{
      status: string;
      sent_at: Date;
      message_id: string;
    }>(a.get(DataSource), `SELECT status, sent_at, message_id FROM mail_outbox WHERE to_address = $1`, [to]);
    expect(row[0].status).toBe('sent');
    expect(row[0].sent_at.toISOString()).toBe(clock.now().toISOString());
    expect(row[0].message_id).toBeTruthy();
  });

  it('queues a mail with a dedupe key only once', async () => {
    const to = unique('dedupe');
    const mail = { to, template: 'mail/test', lng: 'en' as const, data: { sentAt: clock.now() }, dedupeKey: `k-${to}` };
    expect(await a.get(MailService).enqueue(mail)).toBe(true);
    expect(await a.get(MailService).enqueue(mail)).toBe(false);
    await a.get(MailDispatcher).flush();
    expect(await mailsTo(to)).toHaveLength(1);
  });

  it('rolls the mail back with the transaction that queued it', async () => {
    const to = unique('rollback');
    await expect(
      a.get(DataSource).transaction(async (m) => {
        await a.get(MailService).enqueue({ to, template: 'mail/test', lng: 'ja', data: { sentAt: clock.now() } }, m);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await a.get(DataSource).query(`SELECT 1 FROM mail_outbox WHERE to_address = $1`, [to])).toHaveLength(0);
  });

  it("cancels a topic's waiting mails of one template, shows the topic's history and the backlog's age", async () => {
    const mail = a.get(MailService);
    const topic = `test:${Math.random().toString(36).slice(2, 10)}`;
    const to = unique('topic');
    const data = { sentAt: clock.now() };
    for (const n of [1, 2]) {
      await mail.enqueue({ to, template: 'mail/test', lng: 'en', data, topic, dedupeKey: `${topic}:${n}` });
    }
    await mail.enqueue({ to, template: 'mail/test', lng: 'en', data, topic: `${topic}-other` });
    expect(await mail.oldestDueSeconds(new Date(clock.now().getTime() - 1))).toBe(0);
    expect(await mail.oldestDueSeconds(new Date(clock.now().getTime() + 90_000))).toBe(90);

    expect(await mail.cancelPending(topic, 'mail/other')).toBe(0);
    expect(await mail.cancelPending(topic, 'mail/test')).toBe(2);
    expect((await mail.history(topic)).map((h) => [h.template, h.toAddress, h.status])).toEqual([
      ['mail/test', to, 'cancelled'],
      ['mail/test', to, 'cancelled'],
    ]);
    expect((await mail.history(`${topic}-other`)).map((h) => h.status)).toEqual(['pending']);
    expect(await mail.cancelPending(`${topic}-other`, 'mail/test')).toBe(1);
    expect(await mail.oldestDueSeconds(new Date(clock.now().getTime() + 90_000))).toBe(0);
  });

  it('sends a normal mail queued behind a burst of bulk mails in the very next batch', async () => {
    const mail = a.get(MailService);
    const dispatcher = a.get(MailDispatcher);
    await dispatcher.flush(); // nothing else due, so the batch below holds only what this test queues
    const bulk = unique('bulk');
    const data = { sentAt: clock.now() };
    for (let n = 0; n < 50; n++) {
      await mail.enqueue({ to: bulk, template: 'mail/test', lng: 'en', data, priority: 'bulk' });
    }
    const urgent = unique('urgent');
    await mail.enqueue({ to: urgent, template: 'mail/test', lng: 'en', data });

    expect(await dispatcher.dispatchDue(10)).toEqual({ claimed: 10, sent: 10, failed: 0 });
    const status = (to: string) =>
      queryRows<{ status: string; n: number }>(
        a.get(DataSource),
        `SELECT status, count(*)::int AS n FROM mail_outbox WHERE to_address = $1 GROUP BY status ORDER BY status`,
        [to],
      );
    expect(await status(urgent)).toEqual([{ status: 'sent', n: 1 }]);
    expect(await status(bulk)).toEqual([
      { status: 'pending', n: 41 },
      { status: 'sent', n: 9 },
    ]);
    await dispatcher.flush();
    expect(await status(bulk)).toEqual([{ status: 'sent', n: 50 }]);
  });

  describe('with its own mail server that goes down', () => {
    let catcher: MailCatcher;
    let ports: { smtp: number; web: number };
    const dir = join(__dirname, '../../.data/test', `maildev-outage-${process.pid}`);
    const c2 = new ManualClock('2026-05-01T00:00:00Z');
    let w1: INestApplicationContext;
    let w2: INestApplicationContext;

    beforeAll(async () => {
      ports = { smtp: await freePort(), web: await freePort() };
      catcher = await startMailCatcher(dir, ports);
      const config = testConfig(db.url, { SMTP_URL: catcher.smtpUrl, MAIL_BATCH_SIZE: '20' });
      w1 = await worker(config, c2);
      w2 = await worker(config, c2);
    });
    afterAll(async () => {
      await w1?.close();
      await w2?.close();
      await catcher?.stop();
    });

    it('keeps a mail queued while SMTP is down and delivers it once, with two workers, when it is back', async () => {
      await catcher.stop();
      const to = unique('outage');
      await w1.get(MailService).enqueue({ to, template: 'mail/test', lng: 'vi', data: { sentAt: c2.now() } });
      const down = await w1.get(MailDispatcher).dispatchDue();
      expect(down).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
      const [row] = await queryRows<{
        status: string;
        attempts: number;
        next_attempt_at: Date;
        last_error: string;
      }>(
        w1.get(DataSource),
        `SELECT status, attempts, next_attempt_at, last_error FROM mail_outbox WHERE to_address = $1`,
        [to],
      );
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.next_attempt_at.getTime() - c2.now().getTime()).toBe(60_000);
      expect(row.last_error).toBeTruthy();

      catcher = await startMailCatcher(dir, ports);
      c2.advance(59_999);
      const early = await Promise.all([w1.get(MailDispatcher).dispatchDue(), w2.get(MailDispatcher).dispatchDue()]);
      expect(early.map((r) => r.claimed)).toEqual([0, 0]);

      c2.advance(1);
      const back = await Promise.all([w1.get(MailDispatcher).dispatchDue(), w2.get(MailDispatcher).dispatchDue()]);
      expect(back.reduce((n, r) => n + r.sent, 0)).toBe(1);
      const got = await mailsTo(to, catcher.apiUrl);
      expect(got).toHaveLength(1);
      expect(got[0].html).toContain('lang="vi"');
    });

    it('sends each of 120 mails exactly once when two workers flush at the same time', async () => {
      const tag = Math.random().toString(36).slice(2, 8);
      const addresses = Array.from({ length: 120 }, (_, i) => `bulk-${tag}-${i}@example.test`);
      for (const to of addresses) {
        await w1.get(MailService).enqueue({ to, template: 'mail/test', lng: 'en', data: { sentAt: c2.now() } });
      }
      const [r1, r2] = await Promise.all([w1.get(MailDispatcher).flush(), w2.get(MailDispatcher).flush()]);
      expect(r1.sent + r2.sent).toBe(120);
      expect(r1.failed + r2.failed).toBe(0);
      const all = await allMails(catcher.apiUrl);
      const delivered = all.flatMap((m) => m.to.map((t) => t.address)).filter((x) => x.startsWith(`bulk-${tag}-`));
      expect(delivered).toHaveLength(120);
      expect(new Set(delivered).size).toBe(120);
    });

    it('stops a flush after the batch it holds when its worker shuts down, leaving the rest to the others', async () => {
      const tag = Math.random().toString(36).slice(2, 8);
      for (let i = 0; i < 30; i++) {
        const to = `stop-${tag}-${i}@example.test`;
        await w1.get(MailService).enqueue({ to, template: 'mail/test', lng: 'en', data: { sentAt: c2.now() } });
      }
      const small = await worker(testConfig(db.url, { SMTP_URL: catcher.smtpUrl, MAIL_BATCH_SIZE: '10' }), c2);
      try {
        const dispatcher = small.get(MailDispatcher);
        const flushing = dispatcher.flush();
        dispatcher.onModuleDestroy(); // what Nest calls first on SIGTERM
        const r = await flushing;
        expect(r.claimed).toBe(10);
        expect(r.sent).toBe(10);
      } finally {
        await small.close();
      }
      expect((await w2.get(MailDispatcher).flush()).sent).toBeGreaterThanOrEqual(20);
      const delivered = (await allMails(catcher.apiUrl))
        .flatMap((m) => m.to.map((t) => t.address))
        .filter((x) => x.startsWith(`stop-${tag}-`));
      expect(delivered).toHaveLength(30);
      expect(new Set(delivered).size).toBe(30);
    });

    it('leaves a mail claimed by a crashed worker alone until its lease runs out, then sends it', async () => {
      const to = unique('crashed');
      await w1.get(MailService).enqueue({ to, template: 'mail/test', lng: 'ja', data: { sentAt: c2.now() } });
      // A worker claimed it and died before sending.
      await w1
        .get(DataSource)
        .query(`UPDATE mail_outbox SET status = 'sending', attempts = 1, locked_until = $2 WHERE to_address = $1`, [
          to,
          new Date(c2.now().getTime() + 5 * 60_000),
        ]);
      expect((await w2.get(MailDispatcher).dispatchDue()).claimed).toBe(0);
      c2.advance(5 * 60_000 - 1);
      expect((await w2.get(MailDispatcher).dispatchDue()).claimed).toBe(0);
      c2.advance(1);
      expect((await w2.get(MailDispatcher).dispatchDue()).sent).toBe(1);
      expect(await mailsTo(to, catcher.apiUrl)).toHaveLength(1);
    });
  });

  it('retries a mail that the SMTP server refuses, and delivers it once the server accepts', async () => {
    let refuse = true;
    const received: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(_address, _session, callback) {
        if (!refuse) return callback();
        const error = Object.assign(new Error('4.7.1 Try again later'), { responseCode: 451 });
        callback(error);
      },
      onData(stream, _session, callback) {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString()));
        stream.on('end', () => {
          received.push(raw);
          callback();
        });
      },
    });
    const port = await freePort();
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    const c4 = new ManualClock('2026-07-01T00:00:00Z');
    const w = await worker(testConfig(db.url, { SMTP_URL: `smtp://127.0.0.1:${port}` }), c4);
    try {
      const to = unique('refused');
      await w.get(MailService).enqueue({ to, template: 'mail/test', lng: 'zh-Hant', data: { sentAt: c4.now() } });
      expect(await w.get(MailDispatcher).dispatchDue()).toMatchObject({ sent: 0, failed: 1 });
      const [row] = await queryRows<{ status: string; last_error: string }>(
        w.get(DataSource),
        `SELECT status, last_error FROM mail_outbox WHERE to_address = $1`,
        [to],
      );
      expect(row.status).toBe('pending');
      expect(row.last_error).toContain('Try again later');
      expect(received).toHaveLength(0);

      refuse = false;
      c4.advance(60_000);
      expect(await w.get(MailDispatcher).dispatchDue()).toMatchObject({ sent: 1, failed: 0 });
      expect(received).toHaveLength(1);
      expect(received[0]).toContain(`To: ${to}`);
    } finally {
      await w.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('gives up after MAIL_MAX_ATTEMPTS and keeps the row as failed', async () => {
    const c3 = new ManualClock('2026-06-01T00:00:00Z');
    const dead = `smtp://127.0.0.1:${await freePort()}`;
    const w = await worker(testConfig(db.url, { SMTP_URL: dead, MAIL_MAX_ATTEMPTS: '2' }), c3);
    try {
      const to = unique('give-up');
      await w.get(MailService).enqueue({ to, template: 'mail/test', lng: 'ko', data: { sentAt: c3.now() } });
      expect((await w.get(MailDispatcher).dispatchDue()).failed).toBe(1);
      c3.advance(60_000);
      expect((await w.get(MailDispatcher).dispatchDue()).failed).toBe(1);
      c3.advance(24 * 3600_000);
      expect((await w.get(MailDispatcher).dispatchDue()).claimed).toBe(0);
      const [row] = await queryRows<{
        status: string;
        attempts: number;
      }>(w.get(DataSource), `SELECT status, attempts FROM mail_outbox WHERE to_address = $1`, [to]);
      expect(row).toEqual({ status: 'failed', attempts: 2 });
    } finally {
      await w.close();
    }
  });
});
