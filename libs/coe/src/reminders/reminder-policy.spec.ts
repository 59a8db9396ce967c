import { nextReminderAt, reminderDeadline, reminderDue, ReminderState } from './reminder-policy';

const jst = (s: string) => new Date(`${s}+09:00`);
const DAY = 24 * 3600_000;

const coe = (issued: string, over: Partial<ReminderState> = {}): ReminderState => ({
  issuedAt: jst(issued),
  firstMailedAt: jst(issued),
  receivedAt: null,
  revokedAt: null,
  ...over,
});

/** Every reminder a certificate gets if a sweep ran at each instant of `times`. */
function simulate(c: ReminderState, times: Date[]): Date[] {
  const sent: Date[] = [];
  for (const now of times) {
    if (reminderDue({ ...c, lastRemindedAt: sent.at(-1) ?? null }, now)) sent.push(now);
  }
  return sent;
}

describe('reminder policy', () => {
  it('gives the SPEC example: issued and mailed 2025-07-23 15:00 JST → 13 reminders, the last on Oct 22', () => {
    const c = coe('2025-07-23T15:00:00');
    const minutes = Array.from({ length: 110 * 24 * 60 }, (_, i) => new Date(c.issuedAt.getTime() + i * 60_000));
    const sent = simulate(c, minutes);
    const days = sent.map((d) => new Date(d.getTime() + 9 * 3600_000).toISOString().slice(5, 10));
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
    expect(sent.at(-1)).toEqual(jst('2025-10-22T15:00:00'));
  });

  it('sends nothing from Oct 23 15:00 JST on', () => {
    const c = coe('2025-07-23T15:00:00');
    expect(reminderDeadline(c)).toEqual(jst('2025-10-23T15:00:00'));
    const last = jst('2025-10-22T15:00:00');
    expect(nextReminderAt(c, last)).toBeNull();
    // A reminder due on Oct 22 10:00 but not yet sent (worker down) may still go until 14:59:59 on the 23rd…
    expect(reminderDue({ ...c, lastRemindedAt: jst('2025-10-15T10:00:00') }, jst('2025-10-23T14:59:59'))).toBe(true);
    // …and not from 15:00.
    expect(reminderDue({ ...c, lastRemindedAt: jst('2025-10-15T10:00:00') }, jst('2025-10-23T15:00:00'))).toBe(false);
  });

  it('is due at exactly 7 days, not a second before', () => {
    const c = coe('2026-04-01T10:00:00');
    expect(reminderDue({ ...c, lastRemindedAt: null }, new Date(c.issuedAt.getTime() + 7 * DAY - 1000))).toBe(false);
    expect(reminderDue({ ...c, lastRemindedAt: null }, new Date(c.issuedAt.getTime() + 7 * DAY))).toBe(true);
  });

  it('counts from the first mail, not the issue', () => {
    const c = coe('2026-04-01T10:00:00', { firstMailedAt: jst('2026-04-02T09:00:00') });
    expect(nextReminderAt(c, null)).toEqual(jst('2026-04-09T09:00:00'));
  });

  it('after downtime sends one catch-up reminder; the next follows 7 days after it', () => {
    const c = coe('2026-04-01T10:00:00');
    const sweeps = [
      jst('2026-04-30T12:00:00'),
      jst('2026-04-30T12:05:00'),
      jst('2026-05-07T11:59:00'),
      jst('2026-05-07T12:00:00'),
    ];
    expect(simulate(c, sweeps)).toEqual([jst('2026-04-30T12:00:00'), jst('2026-05-07T12:00:00')]);
  });

  it.each([
    ['received', { receivedAt: jst('2026-04-03T00:00:00') }],
    ['revoked', { revokedAt: jst('2026-04-03T00:00:00') }],
    ['never mailed', { firstMailedAt: null }],
  ])('sends nothing when %s', (_label, over) =>
    expect(nextReminderAt(coe('2026-04-01T10:00:00', over), null)).toBeNull(),
  );

  it.each([
    // month ends: the window closes on the clamped day
    ['2025-11-30T10:00:00', '2026-02-28T10:00:00', 12],
    // leap year
    ['2027-11-30T10:00:00', '2028-02-29T10:00:00', 12],
    // issued just after midnight in Japan (still the previous day in UTC)
    ['2026-01-31T00:30:00', '2026-04-30T00:30:00', 12],
  ])('issued %s: the window ends %s and holds %d reminders', (issued, end, count) => {
    const c = coe(issued);
    expect(reminderDeadline(c)).toEqual(jst(end));
    const hourly = Array.from({ length: 100 * 24 }, (_, i) => new Date(c.issuedAt.getTime() + i * 3600_000));
    expect(simulate(c, hourly)).toHaveLength(count);
  });
});
