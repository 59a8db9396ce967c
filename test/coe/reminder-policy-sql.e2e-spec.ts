import { DataSource } from 'typeorm';
import { nextReminderAfterSql, nextReminderAt, reminderDeadline, reminderDue, reminderDueSql } from '@app/coe';
import { queryRows } from '@app/platform';
import { usePortal } from '../support/apps';

const jst = (s: string) => new Date(`${s}+09:00`);
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const at = (d: Date, ms: number) => new Date(d.getTime() + ms);

interface Case {
  issuedAt: Date;
  firstMailedAt: Date | null;
  lastRemindedAt: Date | null;
  receivedAt: Date | null;
  revokedAt: Date | null;
  now: Date;
}

/** Certificates around month ends (Japan time and UTC apart), leap days, and every instant where the answer flips. */
function cases(): Case[] {
  const issued = [
    '2025-01-31T23:59:59.999',
    '2025-11-30T10:00:00',
    '2025-12-31T23:30:00',
    '2023-11-29T00:00:00',
    '2025-05-31T00:00:00.001',
    '2025-03-15T08:59:59',
  ].map(jst);
  const out: Case[] = [];
  for (const issuedAt of issued) {
    for (const firstMailedAt of [issuedAt, at(issuedAt, HOUR), null]) {
      for (const last of [null, 7 * DAY, 14 * DAY + 5, 80 * DAY]) {
        const lastRemindedAt = firstMailedAt && last !== null ? at(firstMailedAt, last) : null;
        for (const done of ['none', 'received', 'revoked'] as const) {
          const state = {
            issuedAt,
            firstMailedAt,
            lastRemindedAt,
            receivedAt: done === 'received' ? at(issuedAt, DAY) : null,
            revokedAt: done === 'revoked' ? at(issuedAt, DAY) : null,
          };
          const next = (firstMailedAt && (lastRemindedAt ?? firstMailedAt).getTime() + 7 * DAY) || issuedAt.getTime();
          const deadline = reminderDeadline(state).getTime();
          for (const t of [
            next - 1,
            next,
            next + 1,
            deadline - 7 * DAY - 1,
            deadline - 7 * DAY,
            deadline - 1,
            deadline,
          ]) {
            out.push({ ...state, now: new Date(t) });
          }
        }
      }
    }
  }
  return out;
}

describe('the reminder policy as SQL', () => {
  const t = usePortal();

  it('answers as reminderDue and nextReminderAt do, at every boundary', async () => {
    const all = cases();
    const rows = await queryRows<{ due: boolean; next: Date | null }>(
      t.portal.app.get(DataSource),
      `SELECT ${reminderDueSql('c', 'c.now')} AS due, ${nextReminderAfterSql('c', 'c.now')} AS next
         FROM unnest($1::timestamptz[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[],
                     $6::timestamptz[]) WITH ORDINALITY
              AS c (issued_at, first_mailed_at, last_reminded_at, received_at, revoked_at, now, ord)
        ORDER BY c.ord`,
      (['issuedAt', 'firstMailedAt', 'lastRemindedAt', 'receivedAt', 'revokedAt', 'now'] as const).map((k) =>
        all.map((c) => c[k]),
      ),
    );
    expect(rows).toHaveLength(all.length);
    const expected = all.map((c) => ({
      due: reminderDue(c, c.now),
      // What a certificate reminded at `now` gets next (the SQL is used only for those).
      next: nextReminderAt({ ...c, firstMailedAt: c.issuedAt, receivedAt: null, revokedAt: null }, c.now),
    }));
    expect(rows).toEqual(expected);
    // The cases cover both answers.
    expect(expected.filter((e) => e.due).length).toBeGreaterThan(50);
    expect(expected.filter((e) => !e.due).length).toBeGreaterThan(50);
    expect(expected.filter((e) => e.next === null).length).toBeGreaterThan(50);
  });
});
