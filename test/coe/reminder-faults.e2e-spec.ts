import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ReminderSweep } from '@app/coe';
import { MailDispatcher } from '@app/mail';
import { ManualClock, queryRows } from '@app/platform';
import { uniqueEmail } from '../support/accounts';
import { coeWorkerContext, usePortal } from '../support/apps';
import { makeCoes, makeUser } from '../support/factories';
import { freePort } from '../support/free-port';
import { mailsTo } from '../support/mail-catcher';
import { ROOT, runCli } from '../support/run-cli';

const jst = (s: string) => new Date(`${s}+09:00`);

describe('reminders under faults', () => {
  const t = usePortal();
  const db = () => t.portal.app.get(DataSource);

  async function dueCertificates(prefix: string, n: number, issued: Date) {
    const user = await makeUser(t.portal, { lng: 'en', email: uniqueEmail(prefix.toLowerCase()) });
    await makeCoes(t.portal, user, n, { prefix, issuedAt: issued, firstMailedAt: issued });
    return { email: user.email };
  }

  async function worker(env: NodeJS.ProcessEnv, now: Date): Promise<INestApplicationContext> {
    return coeWorkerContext(t.dbUrl, new ManualClock(now), env);
  }

  it('keeps a reminder while the mail server is down and delivers it once when it is back', async () => {
    const { email } = await dueCertificates('E2097', 1, jst('2025-06-02T09:00:00'));
    const now = jst('2025-06-09T09:00:00');
    const down = await worker({ SMTP_URL: `smtp://127.0.0.1:${await freePort()}` }, now);
    try {
      await down.get(ReminderSweep).run(now);
      expect((await down.get(MailDispatcher).flush()).failed).toBe(1);
    } finally {
      await down.close();
    }
    const reminders = async () => (await mailsTo(email)).filter((m) => m.subject.includes('(sent again)'));
    expect(await reminders()).toHaveLength(0);
    const up = await worker({}, new Date(now.getTime() + 60_000));
    try {
      expect((await up.get(MailDispatcher).flush()).sent).toBe(1);
      expect((await up.get(MailDispatcher).flush()).sent).toBe(0);
    } finally {
      await up.close();
    }
    expect(await reminders()).toHaveLength(1);
  });

  it('loses and doubles nothing when a worker is killed (SIGKILL) in the middle of a sweep', async () => {
    await dueCertificates('E2098', 1_200, jst('2025-06-03T09:00:00'));
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: t.dbUrl,
      SMTP_URL: `smtp://127.0.0.1:${await freePort()}`,
      NODE_ENV: 'test',
    };
    const at = '2025-06-10T09:00:00+09:00';
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/cli/src/main.js'), 'reminders:run', '--at', at], {
      cwd: ROOT,
      env,
    });
    const progress = async () =>
      Number(
        (
          await queryRows<{ n: string }>(
            db(),
            `SELECT count(*) AS n FROM coe WHERE number LIKE 'E2098-%' AND reminders_sent > 0`,
          )
        )[0].n,
      );
    // Kill it once some batches are committed and others are not.
    for (let i = 0; i < 600 && (await progress()) < 500; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const before = await progress();
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(1_200);

    const again = await runCli(['reminders:run', '--at', at], env);
    expect(again.stdout).toMatch(/reminders: \d+ queued/);
    const [counts] = await queryRows<{ mails: string; certs: string; wrong: string }>(
      db(),
      `SELECT count(*) AS mails, count(DISTINCT topic) AS certs,
              (SELECT count(*) FROM coe WHERE number LIKE 'E2098-%' AND reminders_sent <> 1) AS wrong
         FROM mail_outbox WHERE template = 'coe/reminder' AND topic IN (SELECT 'coe:' || id FROM coe WHERE number LIKE 'E2098-%')`,
    );
    expect(counts).toEqual({ mails: '1200', certs: '1200', wrong: '0' });
  }, 180_000);
});
