import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CoeService, ReminderSweep } from '@app/coe';
import { MailDispatcher } from '@app/mail';
import { ManualClock, queryRows } from '@app/platform';
import { csrfOf, submit, uniqueEmail } from '../support/accounts';
import { coeWorkerContext, usePortal } from '../support/apps';
import { loggedInAgent, makeCoes, makeUser } from '../support/factories';
import { Agent } from '../support/http';
import { mailsTo } from '../support/mail-catcher';
import { runCli } from '../support/run-cli';

const jst = (s: string) => new Date(`${s}+09:00`);
const ISSUE = {
  holderNameEn: 'TRAN THI MAI',
  nationality: 'VNM',
  dateOfBirth: '2003-03-03',
  gender: 'female' as const,
  statusOfResidence: 'student',
  issuingOffice: 'Nagoya Regional Immigration Services Bureau',
};

describe('e-COE reminders (SPEC §5)', () => {
  const t = usePortal();
  const db = () => t.portal.app.get(DataSource);
  const reminderMails = async (email: string) =>
    (await mailsTo(email)).filter((m) => m.subject.includes('(sent again)'));

  async function issuedAt(when: Date, label: string) {
    t.portal.clock.set(new Date('2025-07-01T00:00:00Z'));
    const user = await makeUser(t.portal, { lng: 'en', email: uniqueEmail(label) });
    t.portal.clock.set(when);
    const coe = await t.portal.app.get(CoeService).issue({ ...ISSUE, recipientUserId: user.loginId }, 'officer:test');
    await t.portal.app.get(MailDispatcher).flush(); // the first mail goes out at the issue time
    return { coe, email: user.email, loginId: user.loginId, user };
  }

  /** What `reminders:run --at <at>` does (one sweep, then send what it queued), in this process. */
  async function remindersRunAt(at: Date) {
    t.portal.clock.set(at);
    const sweep = await t.portal.app.get(ReminderSweep).run();
    const mail = await t.portal.app.get(MailDispatcher).flush();
    return { sweep, mail };
  }

  it('follows the SPEC example day by day: 13 reminders from Jul 30 to Oct 22, then none', async () => {
    const { coe, email } = await issuedAt(jst('2025-07-23T15:00:00'), 'spec');
    for (let day = 0; day <= 101; day++) {
      // Jul 23 … Nov 1, each day at 15:00 Japan time
      const at = new Date(jst('2025-07-23T15:00:00').getTime() + day * 24 * 3600_000);
      const r = await remindersRunAt(at);
      expect(r.mail.failed).toBe(0);
    }
    const reminders = await reminderMails(email);
    expect(reminders).toHaveLength(13);
    const sent = await queryRows<{ sent_at: Date }>(
      db(),
      `SELECT sent_at FROM mail_outbox WHERE topic = 'coe:' || $1 AND template = 'coe/reminder' ORDER BY sent_at`,
      [coe.id],
    );
    const days = sent.map((r) => new Date(r.sent_at.getTime() + 9 * 3600_000).toISOString().slice(5, 10));
    expect(days).toEqual([
      '07-30',
      '08-06',
      '08-13',
      '08-20',
      '08-27',
      '09-03',
      '09-10',
      '09-17',
      '09-24',
      '10-01',
      '10-08',
      '10-15',
      '10-22',
    ]);
    expect(reminders[0].text).toContain(`/receipts?coe=${coe.number}`);
    expect((reminders[0] as unknown as { attachments: { contentType: string }[] }).attachments[0].contentType).toBe(
      'application/pdf',
    );
  }, 120_000);

  it('runs a sweep from the CLI as of --at, sending what it queues', async () => {
    const { email } = await issuedAt(jst('2025-08-01T10:00:00'), 'cli');
    const env = { DATABASE_URL: t.dbUrl, SMTP_URL: process.env.TEST_SMTP_URL, NODE_ENV: 'test' };
    const early = await runCli(['reminders:run', '--at', '2025-08-08T09:59:59+09:00'], env);
    expect(early.code).toBe(0);
    expect(await reminderMails(email)).toHaveLength(0);
    const due = await runCli(['reminders:run', '--at', '2025-08-08T10:00:00+09:00'], env);
    expect(due.stdout).toMatch(/reminders: [1-9]\d* queued/);
    expect(await reminderMails(email)).toHaveLength(1);
    const again = await runCli(['reminders:run', '--at', '2025-08-08T10:00:00+09:00'], env);
    expect(again.code).toBe(0);
    expect(await reminderMails(email)).toHaveLength(1);
  }, 120_000); // two CLI processes start and stop: about 10 s idle, several times that on a loaded machine

  it('drops a reminder still queued when receipt is registered, and sends no more', async () => {
    const { coe, email, user } = await issuedAt(jst('2025-09-01T10:00:00'), 'received');
    const at = jst('2025-09-08T10:00:00');
    t.portal.clock.set(at);
    expect((await t.portal.app.get(ReminderSweep).run(at)).queued).toBeGreaterThanOrEqual(1);
    const agent = await loggedInAgent(t.portal, user);
    const confirm = await agent.get(`/receipts/${coe.number}`);
    await agent.post(`/receipts/${coe.number}`, { _csrf: csrfOf(confirm.text) });
    await t.portal.app.get(MailDispatcher).flush();
    expect(await reminderMails(email)).toHaveLength(0);
    const [row] = await queryRows<{ status: string }>(
      db(),
      `SELECT status FROM mail_outbox WHERE topic = 'coe:' || $1 AND template = 'coe/reminder'`,
      [coe.id],
    );
    expect(row.status).toBe('cancelled');
    const later = jst('2025-09-20T10:00:00');
    t.portal.clock.set(later);
    await t.portal.app.get(ReminderSweep).run(later);
    const mine = await queryRows(
      db(),
      `SELECT 1 FROM mail_outbox WHERE topic = 'coe:' || $1 AND template = 'coe/reminder'`,
      [coe.id],
    );
    expect(mine).toHaveLength(1); // only the cancelled one
  });

  it('drops a claimed reminder whose certificate was received in the meantime', async () => {
    const { coe, email } = await issuedAt(jst('2025-09-02T10:00:00'), 'race');
    const at = jst('2025-09-09T10:00:00');
    t.portal.clock.set(at);
    await t.portal.app.get(ReminderSweep).run(at);
    // Receipt lands without touching the outbox (as if between the claim and the send).
    await db().query(`UPDATE coe SET received_at = $2 WHERE id = $1`, [coe.id, at]);
    await t.portal.app.get(MailDispatcher).flush();
    expect(await reminderMails(email)).toHaveLength(0);
  });

  it('sends a reset mail queued behind a burst of reminders in the next batch', async () => {
    const burst = await makeUser(t.portal, { lng: 'en', email: uniqueEmail('burst') });
    await makeCoes(t.portal, burst, 12, {
      prefix: 'E2096',
      issuedAt: jst('2025-06-02T09:00:00'),
      firstMailedAt: jst('2025-06-02T09:00:00'),
    });
    t.portal.clock.set(jst('2025-06-09T09:00:00'));
    await t.portal.app.get(MailDispatcher).flush(); // nothing else due
    await t.portal.app.get(ReminderSweep).run();
    const { loginId, email } = await makeUser(t.portal, { email: uniqueEmail('burst-reset') });
    await submit(new Agent(t.portal.url), '/forgot-password', '/forgot-password', { userId: loginId, email });

    expect((await t.portal.app.get(MailDispatcher).dispatchDue(4)).sent).toBe(4);
    const byTemplate = await queryRows<{ template: string; status: string; n: number }>(
      db(),
      `SELECT template, status, count(*)::int AS n FROM mail_outbox WHERE to_address IN ($1, $2)
        GROUP BY template, status ORDER BY template, status`,
      [burst.email, email],
    );
    expect(byTemplate).toEqual([
      { template: 'accounts/reset-link', status: 'sent', n: 1 },
      { template: 'coe/reminder', status: 'pending', n: 9 },
      { template: 'coe/reminder', status: 'sent', n: 3 },
    ]);
    // The rest of the burst would only slow the next tests down (each reminder carries a PDF).
    await db().query(`UPDATE mail_outbox SET status = 'cancelled' WHERE to_address = $1 AND status = 'pending'`, [
      burst.email,
    ]);
  });

  it('sends exactly one reminder per certificate when three workers sweep 10,000 at once', async () => {
    const { user } = await issuedAt(jst('2025-10-01T10:00:00'), 'bulk');
    const issued = jst('2025-10-01T10:00:00');
    await makeCoes(t.portal, user, 10_000, { prefix: 'E2099', issuedAt: issued, firstMailedAt: issued });
    const now = jst('2025-10-08T10:00:00');
    const workers: INestApplicationContext[] = [];
    for (let i = 0; i < 3; i++) {
      const clock = new ManualClock(now);
      workers.push(await coeWorkerContext(t.dbUrl, clock));
    }
    try {
      const results = await Promise.all(workers.map((w) => w.get(ReminderSweep).run(now)));
      // Other tests' certificates in this database may be due too; the 10,000 are counted below.
      expect(results.reduce((n, r) => n + r.queued, 0)).toBeGreaterThanOrEqual(10_000);
      expect(results.filter((r) => r.claimed > 0).length).toBeGreaterThan(1); // the work was shared
      const [counts] = await queryRows<{ mails: string; certs: string; wrong: string }>(
        db(),
        `SELECT count(*) AS mails, count(DISTINCT topic) AS certs,
                (SELECT count(*) FROM coe WHERE number LIKE 'E2099-%' AND reminders_sent <> 1) AS wrong
           FROM mail_outbox WHERE template = 'coe/reminder' AND topic IN (SELECT 'coe:' || id FROM coe WHERE number LIKE 'E2099-%')`,
      );
      expect(counts).toEqual({ mails: '10000', certs: '10000', wrong: '0' });
      // Nothing more is due until 7 days later.
      await workers[0].get(ReminderSweep).run(now);
      const [again] = await queryRows<{ n: string }>(
        db(),
        `SELECT count(*) AS n FROM mail_outbox WHERE template = 'coe/reminder' AND topic IN (SELECT 'coe:' || id FROM coe WHERE number LIKE 'E2099-%')`,
      );
      expect(again.n).toBe('10000');
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 120_000);
});
