import {
  apiReceiptStatus,
  awaitingReceipt,
  awaitingReceiptSql,
  coeValidity,
  coeValiditySql,
  receiptState,
  receiptStateSql,
} from '@app/coe';
import { queryRows } from '@app/platform';
import { useTestDataSource } from '../support/test-postgres';

const validUntil = new Date('2026-07-01T00:00:00Z');
const received = new Date('2026-04-02T00:00:00Z');
const revoked = new Date('2026-04-03T00:00:00Z');

/** Every combination of the facts, at the last millisecond of validity and at its end. */
const cases = [null, received].flatMap((receivedAt) =>
  [null, revoked].flatMap((revokedAt) =>
    [new Date(validUntil.getTime() - 1), validUntil].map((now) => ({ receivedAt, revokedAt, validUntil, now })),
  ),
);

describe('derived certificate states: the SQL expressions agree with the functions (real PostgreSQL)', () => {
  const t = useTestDataSource();

  it('covers all eight combinations', () => expect(cases).toHaveLength(8));

  it.each(cases)('received $receivedAt, revoked $revokedAt, at $now', async (c) => {
    const [row] = await queryRows<{ state: string; validity: string; awaiting: boolean }>(
      t.ds,
      `SELECT ${receiptStateSql('c', '$4')} AS state, ${coeValiditySql('c', '$4')} AS validity,
              ${awaitingReceiptSql('c')} AS awaiting
         FROM (SELECT $1::timestamptz AS received_at, $2::timestamptz AS revoked_at,
                      $3::timestamptz AS valid_until) c`,
      [c.receivedAt, c.revokedAt, c.validUntil, c.now],
    );
    expect(row).toEqual({
      state: receiptState(c, c.now),
      validity: coeValidity(c, c.now),
      awaiting: awaitingReceipt(c),
    });
  });

  it('tells the four row states apart (the cases are not all alike)', () => {
    expect(new Set(cases.map((c) => receiptState(c, c.now)))).toEqual(
      new Set(['registered', 'unregistered', 'expired', 'revoked']),
    );
    expect(new Set(cases.map((c) => apiReceiptStatus(c)))).toEqual(new Set(['registered', 'unregistered']));
  });
});
