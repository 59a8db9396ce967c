import { apiReceiptStatus, awaitingReceipt, coeValidity, receiptState } from './receipt-state';

const validUntil = new Date('2026-07-01T00:00:00Z');
const before = new Date(validUntil.getTime() - 1);
const at = (iso: string) => new Date(iso);

describe('coeValidity', () => {
  it('is valid before the end', () => expect(coeValidity({ revokedAt: null, validUntil }, before)).toBe('valid'));
  it('is expired at the end', () => expect(coeValidity({ revokedAt: null, validUntil }, validUntil)).toBe('expired'));
  it('is revoked whatever the date', () =>
    expect(coeValidity({ revokedAt: at('2026-05-01T00:00:00Z'), validUntil }, at('2026-05-02T00:00:00Z'))).toBe(
      'revoked',
    ));
});

describe('receiptState', () => {
  const received = at('2026-04-02T00:00:00Z');
  const revoked = at('2026-04-03T00:00:00Z');
  it.each([
    [null, null, before, 'unregistered'],
    [null, null, validUntil, 'expired'],
    [received, null, before, 'registered'],
    [received, null, validUntil, 'registered'],
    [null, revoked, before, 'revoked'],
    [received, revoked, validUntil, 'revoked'],
  ] as const)('received %s, revoked %s, at %s: %s', (receivedAt, revokedAt, now, state) =>
    expect(receiptState({ receivedAt, revokedAt, validUntil }, now)).toBe(state),
  );
});

describe('awaitingReceipt and the API receipt status', () => {
  it('awaits only what is neither received nor revoked', () => {
    expect(awaitingReceipt({ receivedAt: null, revokedAt: null })).toBe(true);
    expect(awaitingReceipt({ receivedAt: validUntil, revokedAt: null })).toBe(false);
    expect(awaitingReceipt({ receivedAt: null, revokedAt: validUntil })).toBe(false);
  });
  it('tells the API only whether receipt was registered', () => {
    expect(apiReceiptStatus({ receivedAt: null })).toBe('unregistered');
    expect(apiReceiptStatus({ receivedAt: validUntil })).toBe('registered');
  });
});
