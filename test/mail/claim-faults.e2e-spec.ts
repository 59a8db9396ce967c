import { Test } from '@nestjs/testing';
import { SMTPServer } from 'smtp-server';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailDispatcher, MailExtensions, MailModule, MailService, smtpTransport } from '@app/mail';
import { Clock, ManualClock, PlatformModule, queryRows } from '@app/platform';
import { testConfig } from '../support/apps';
import { freePort } from '../support/free-port';
import { mailsTo } from '../support/mail-catcher';
import { createTestDatabase } from '../support/test-postgres';

const unique = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}@example.test`;

/**
 * The database failing between a claim and its result, made by the database itself: while a fault is
 * switched on, `fault_point(name)` raises "cannot connect now" (57P03, what a restarting server says),
 * and a trigger makes the statements that record a claimed mail's result go through
 * `fault_point('result')`.
 */
const FAULTS_SQL = `
  CREATE TABLE fault (name text PRIMARY KEY);
  CREATE FUNCTION fault_point(point text) RETURNS boolean LANGUAGE plpgsql AS $$
  BEGIN
    IF EXISTS (SELECT 1 FROM fault WHERE name = point) THEN
      RAISE EXCEPTION 'the database system is starting up' USING ERRCODE = '57P03';
    END IF;
    RETURN true;
  END $$;
  CREATE FUNCTION fault_on_result() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM fault_point('result');
    RETURN NEW;
  END $$;
  CREATE TRIGGER mail_outbox_result_fault BEFORE UPDATE ON mail_outbox
    FOR EACH ROW WHEN (OLD.status = 'sending' AND NEW.status <> 'sending') EXECUTE FUNCTION fault_on_result();`;

describe('mail dispatch when the database fails between claim and result', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const clock = new ManualClock('2026-06-01T00:00:00Z');
  let app: INestApplicationContext;
  let ds: DataSource;

  const faults = async (...names: string[]) => {
    await ds.query(`DELETE FROM fault`);
    for (const name of names) await ds.query(`INSERT INTO fault VALUES ($1)`, [name]);
  };
  const rowOf = async (to: string) =>
    (
      await queryRows<{ status: string; attempts: number; message_id: string | null; next_attempt_at: Date }>(
        ds,
        `SELECT status, attempts, message_id, next_attempt_at FROM mail_outbox WHERE to_address = $1`,
        [to],
      )
    )[0];
  const enqueue = async (label: string) => {
    const to = unique(label);
    await app.get(MailService).enqueue({ to, template: 'mail/test', lng: 'en', data: { sentAt: clock.now() } });
    return to;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const ref = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ config: testConfig(db.url) }), MailModule],
    })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    ref.useLogger(false);
    app = await ref.init();
    ds = app.get(DataSource);
    await ds.query(FAULTS_SQL);
    // A check before sending that needs the database, as the certificate reminders' does.
    app.get(MailExtensions).beforeSend(async () => {
      await ds.query(`SELECT fault_point('check')`);
      return true;
    });
  });
  afterEach(() => faults());
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('keeps the result of a sent mail the database refused, records it before the next claim, sends it once', async () => {
    const to = await enqueue('sent-unrecorded');
    await faults('result');
    expect(await app.get(MailDispatcher).dispatchDue()).toEqual({ claimed: 1, sent: 0, failed: 0 });
    expect(await mailsTo(to)).toHaveLength(1);
    expect(await rowOf(to)).toMatchObject({ status: 'sending', attempts: 1 });
    // Still down: nothing is claimed (or sent again) while the earlier result waits.
    await expect(app.get(MailDispatcher).dispatchDue()).rejects.toThrow('starting up');

    await faults();
    expect(await app.get(MailDispatcher).dispatchDue()).toMatchObject({ claimed: 0 });
    expect(await rowOf(to)).toMatchObject({ status: 'sent', attempts: 1 });
    expect((await rowOf(to)).message_id).toBeTruthy();
    expect(await mailsTo(to)).toHaveLength(1);
  });

  it('gives a mail back untried, with no attempt counted and no backoff, when the check before sending fails', async () => {
    const to = await enqueue('check-fails');
    const dueAt = (await rowOf(to)).next_attempt_at;
    await faults('check');
    expect(await app.get(MailDispatcher).dispatchDue()).toEqual({ claimed: 1, sent: 0, failed: 0 });
    expect(await rowOf(to)).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: dueAt });
    expect(await mailsTo(to)).toHaveLength(0);

    await faults();
    expect(await app.get(MailDispatcher).dispatchDue()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await rowOf(to)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await mailsTo(to)).toHaveLength(1);
  });

  it('gives the mail back on the next pass when the database refused that too, then sends it', async () => {
    const to = await enqueue('check-and-result-fail');
    await faults('check', 'result');
    expect(await app.get(MailDispatcher).dispatchDue()).toEqual({ claimed: 1, sent: 0, failed: 0 });
    expect(await rowOf(to)).toMatchObject({ status: 'sending', attempts: 1 });

    await faults();
    expect(await app.get(MailDispatcher).flush()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await rowOf(to)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await mailsTo(to)).toHaveLength(1);
  });
});

describe('pooled SMTP transport', () => {
  it('lets a send in flight finish when the pool is released under it', async () => {
    let received = 0;
    const sink = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      disableReverseLookup: true,
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => {
          received++;
          setTimeout(() => callback(), 200);
        });
      },
    });
    const port = await freePort();
    await new Promise<void>((resolve) => sink.listen(port, '127.0.0.1', resolve));
    const transport = smtpTransport(`smtp://127.0.0.1:${port}`, 2);
    try {
      const mail = { from: 'a@example.test', to: 'b@example.test', subject: 's', text: 't', html: '<p>t</p>' };
      const inFlight = [transport.send(mail), transport.send(mail)];
      transport.release?.();
      const results = await Promise.all(inFlight);
      expect(results.every((r) => r.messageId)).toBe(true);
      expect(received).toBe(2);
      // A send after the release opens a fresh pool.
      expect((await transport.send(mail)).messageId).toBeTruthy();
    } finally {
      transport.close();
      await new Promise<void>((resolve) => sink.close(resolve));
    }
  });
});
