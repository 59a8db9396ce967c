import { CoeFilter, CoeLedgerRepository } from '@app/coe';
import { queryRows } from '@app/platform';
import { useTestDataSource } from '../support/test-postgres';

/*
 * The office ledger reads a page and its total in one statement (`page`); it must show what counting
 * and listing separately (`count`, `list`) show, for every kind of search, on every page and past the last.
 */
describe('office ledger page with its total (real PostgreSQL)', () => {
  const t = useTestDataSource();
  const now = new Date(Date.UTC(2026, 5, 1));
  let users: string[];

  beforeAll(async () => {
    const rows = await queryRows<{ id: string }>(
      t.ds,
      `INSERT INTO app_user (login_id, email, category, name_en, password_hash, password_changed_at, created_at, updated_at)
       SELECT 'PAGE' || k, 'page' || k || '@example.test', 'institution_staff', 'P', 'x', now(), now(), now()
         FROM generate_series(1, 2) k
       RETURNING id`,
    );
    users = rows.map((r) => r.id);
    // 30 certificates: two users, names PARK/PAGE…, one in three received, one in five revoked, some expired;
    // pairs share an issue time so the id breaks the tie.
    await t.ds.query(
      `INSERT INTO coe (number, verification_code, recipient_id, holder_name_en, nationality, date_of_birth, gender,
         status_of_residence, issuing_office, issued_at, valid_until, issued_by, created_at, received_at, revoked_at,
         recipient_seq)
       SELECT 'P-' || g, 'v' || g, ($1::uuid[])[1 + g % 2], (ARRAY['PARK ', 'PAGE1 ', 'LEE '])[1 + g % 3] || g, 'KOR',
         '2000-01-01', 'female', 'student', 'X', timestamptz '2026-03-01Z' + (g / 2) * interval '1 day',
         timestamptz '2026-05-20Z' + g * interval '1 day', 't', now(),
         CASE WHEN g % 3 = 0 THEN now() END, CASE WHEN g % 5 = 0 THEN now() END, g
       FROM generate_series(1, 30) g`,
      [users],
    );
  });

  const filters = (): [string, CoeFilter][] => [
    ['everything', {}],
    ['awaiting receipt', { receipt: 'awaiting' }],
    ['revoked', { receipt: 'revoked' }],
    ['a number', { number: 'P-7' }],
    ['an unknown number', { number: 'P-99' }],
    ['a name prefix', { recipientOrName: { recipientId: undefined, namePrefix: 'par' } }],
    [
      'a name prefix, received',
      { recipientOrName: { recipientId: undefined, namePrefix: 'PARK' }, receipt: 'received' },
    ],
    ['a user ID that is also a name prefix', { recipientOrName: { recipientId: users[0], namePrefix: 'PAGE1' } }],
    ['a prefix nobody has', { recipientOrName: { recipientId: undefined, namePrefix: 'ZZ' } }],
  ];

  it('shows what count and list show, for every kind of search, on every page and past the last', async () => {
    const ledger = new CoeLedgerRepository(t.ds);
    for (const [what, filter] of filters()) {
      const total = await ledger.count(filter);
      for (const offset of [0, 4, 8, total, total + 4]) {
        const separately = await ledger.list(filter, now, { offset }, 4);
        const together = await ledger.page(filter, now, offset, 4);
        expect({ what, offset, ...together }).toEqual({ what, offset, total, rows: separately });
      }
    }
  });

  it('counts the kept totals without a search and the matches with one', async () => {
    const ledger = new CoeLedgerRepository(t.ds);
    expect((await ledger.page({}, now, 0, 50)).total).toBe(30);
    expect((await ledger.page({ receipt: 'awaiting' }, now, 0, 50)).rows.map((r) => r.state).sort()).toEqual(
      expect.arrayContaining(['expired', 'unregistered']),
    );
    const park = await ledger.page({ recipientOrName: { recipientId: undefined, namePrefix: 'park' } }, now, 0, 3);
    expect(park.total).toBe(10);
    expect(park.rows.map((r) => r.number)).toEqual(['P-30', 'P-27', 'P-24']);
  });
});
