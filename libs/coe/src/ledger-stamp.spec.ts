import { ledgerStampTime } from './ledger-stamp';

describe('ledgerStampTime', () => {
  it('writes YYYY年MM月DD日 HH時MM分 in Japan time', () =>
    expect(ledgerStampTime(new Date('2026-03-31T15:05:00Z'), 'ja')).toBe('2026年04月01日 00時05分'));
  it('localizes other languages', () =>
    expect(ledgerStampTime(new Date('2026-03-31T15:05:00Z'), 'en')).toContain('2026'));
});
