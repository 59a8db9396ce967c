import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UsersService } from '@app/accounts';
import { Coe, CoeRepository, CoeService, ReminderSweep } from '@app/coe';
import { LANGUAGE_CODES, ManualClock, queryRows } from '@app/platform';
import { uniqueEmail } from '../support/accounts';
import { coeWorkerContext, usePortal } from '../support/apps';
import { makeCoes, makeUser } from '../support/factories';

const jst = (s: string) => new Date(`${s}+09:00`);
const DAY = 24 * 3600_000;

interface MailRow {
  to_address: string;
  lng: string;
  subject: string;
  text_body: string;
  html_body: string;
  topic: string;
  attachments: unknown;
  priority: number;
}

describe('set-based reminders', () => {
  const t = usePortal();
  const db = () => t.portal.app.get(DataSource);
  const coes = () => t.portal.app.get(CoeService);

  async function certificatesOf(prefix: string): Promise<Coe[]> {
    const rows = await queryRows<{ number: string }>(
      db(),
      `SELECT number FROM coe WHERE number LIKE $1 || '-%' ORDER BY number`,
      [prefix],
    );
    return Promise.all(rows.map(async (r) => (await t.portal.app.get(CoeRepository).findByNumber(r.number))!));
  }

  const mailByKey = async (key: string): Promise<MailRow> =>
    (
      await queryRows<MailRow>(
        db(),
        `SELECT to_address, lng, subject, text_body, html_body, topic, attachments, priority
           FROM mail_outbox WHERE dedupe_key = $1`,
        [key],
      )
    )[0];

  it('queues reminders in one batch that read byte for byte as each queued alone, in all 8 languages', async () => {
    const certificates: Coe[] = [];
    for (const [i, lng] of LANGUAGE_CODES.entries()) {
      const user = await makeUser(t.portal, { lng, email: uniqueEmail(`batch-${lng.toLowerCase()}`) });
      // Times that land on other days and months in Japan time than in UTC.
      const issued = new Date(jst('2025-01-31T23:59:00').getTime() + i * 37 * 3600_000);
      await makeCoes(t.portal, user, 1, { prefix: `E221${i}`, issuedAt: issued, firstMailedAt: issued });
      const [coe] = await certificatesOf(`E221${i}`);
      // Characters the HTML part escapes, in a value that is filled in per mail.
      certificates.push(i === 0 ? { ...coe, number: `${coe.number}<b>&"'=\`` } : coe);
    }
    const reminders = certificates.map((coe) => ({ ...coe, reminderNumber: 1 }));
    const queued = await db().transaction((m) => coes().queueReminders(reminders, m));
    expect(queued).toBe(8);
    for (const coe of certificates) {
      const recipient = (await t.portal.app.get(UsersService).findById(coe.recipientId))!;
      await db().transaction((m) =>
        coes().queueCertificateMail(coe, recipient, 'coe/reminder', m, {
          dedupeKey: `alone:${coe.id}`,
          reminderNumber: 1,
        }),
      );
      const batch = await mailByKey(`coe-reminder:${coe.id}:1`);
      const alone = await mailByKey(`alone:${coe.id}`);
      expect(batch).toEqual(alone);
      expect(batch.priority).toBe(1); // bulk: transactional mail goes first
      expect(batch.text_body).toContain(coe.number);
    }
    expect((await mailByKey(`coe-reminder:${certificates[0].id}:1`)).html_body).toContain('&lt;b&gt;&amp;&quot;');
    // Queued once per key: the same batch again adds nothing.
    expect(await db().transaction((m) => coes().queueReminders(reminders, m))).toBe(0);
  });

  it('gives every due certificate exactly one mail per reminder number when three workers sweep round after round', async () => {
    const t0 = jst('2025-09-01T10:00:00');
    const user = await makeUser(t.portal, { lng: 'en', email: uniqueEmail('rounds') });
    // A: in the window for all rounds. B: its window closes after the first round. C: already past it.
    await makeCoes(t.portal, user, 600, { prefix: 'E2221', issuedAt: t0, firstMailedAt: t0, spacingMs: 1000 });
    const b = jst('2025-06-10T10:00:00');
    await makeCoes(t.portal, user, 150, { prefix: 'E2222', issuedAt: b, firstMailedAt: b });
    const c = jst('2025-05-01T10:00:00');
    await makeCoes(t.portal, user, 150, { prefix: 'E2223', issuedAt: c, firstMailedAt: c });

    const clock = new ManualClock(t0);
    const workers: INestApplicationContext[] = [];
    for (let i = 0; i < 3; i++) {
      workers.push(await coeWorkerContext(t.dbUrl, clock));
    }
    const stateOf = (prefix: string) =>
      queryRows<{ sent: number; last: Date | null; next: Date | null; mails: number; keys: string | null }>(
        db(),
        `SELECT c.reminders_sent AS sent, c.last_reminded_at AS last, c.next_reminder_at AS next,
                count(o.id)::int AS mails,
                string_agg(split_part(o.dedupe_key, ':', 3), ',' ORDER BY o.dedupe_key) AS keys
           FROM coe c LEFT JOIN mail_outbox o ON o.topic = 'coe:' || c.id AND o.template = 'coe/reminder'
          WHERE c.number LIKE $1 || '-%'
          GROUP BY c.id`,
        [prefix],
      );
    try {
      for (let round = 1; round <= 4; round++) {
        const now = new Date(t0.getTime() + round * 7 * DAY);
        clock.set(now);
        // Small batches, so the three sweeps interleave many claims.
        const results = await Promise.all(workers.map((w) => w.get(ReminderSweep).run(now, 40)));
        expect(results.filter((r) => r.claimed > 0).length).toBeGreaterThan(1);

        const a = await stateOf('E2221');
        expect(a).toHaveLength(600);
        const keys = Array.from({ length: round }, (_, i) => String(i + 1)).join(',');
        for (const row of a) {
          expect(row).toEqual({
            sent: round,
            last: now,
            next: new Date(now.getTime() + 7 * DAY),
            mails: round,
            keys,
          });
        }
        for (const row of await stateOf('E2222')) {
          expect(row).toEqual({ sent: 1, last: jst('2025-09-08T10:00:00'), next: null, mails: 1, keys: '1' });
        }
        for (const row of await stateOf('E2223')) {
          expect(row).toEqual({ sent: 0, last: null, next: null, mails: 0, keys: null });
        }
      }
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 120_000);
});
