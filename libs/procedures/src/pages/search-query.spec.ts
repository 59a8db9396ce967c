import { parseSearchQuery, QUERY_MAX_LENGTH } from './search-query';

describe('parseSearchQuery (手続き検索)', () => {
  it('takes an empty query as "every procedure"', () => {
    expect(parseSearchQuery({})).toEqual({ ok: true, query: { q: '', status: '' } });
  });

  it('trims the words and keeps a known status', () => {
    expect(parseSearchQuery({ q: '  更新 ', status: 'student' })).toEqual({
      ok: true,
      query: { q: '更新', status: 'student' },
    });
  });

  it('refuses words over the limit, keeping them as typed', () => {
    const q = 'x'.repeat(QUERY_MAX_LENGTH + 1);
    expect(parseSearchQuery({ q })).toEqual({
      ok: false,
      kept: { q, status: '' },
      errors: { q: ['procedures:validation.qTooLong'] },
    });
    expect(parseSearchQuery({ q: ` ${'x'.repeat(QUERY_MAX_LENGTH)} ` }).ok).toBe(true);
  });

  it('refuses a status the statuses file does not know, and keeps the words', () => {
    expect(parseSearchQuery({ q: 'visa', status: 'astronaut' })).toEqual({
      ok: false,
      kept: { q: 'visa', status: '' },
      errors: { status: ['procedures:validation.statusUnknown'] },
    });
  });

  it('refuses repeated or nested parameters instead of guessing which one was meant', () => {
    const parsed = parseSearchQuery({ q: ['a', 'b'], status: { x: 'student' } });
    expect(parsed).toEqual({
      ok: false,
      kept: { q: '', status: '' },
      errors: { q: ['validation.invalid'], status: ['procedures:validation.statusUnknown'] },
    });
  });
});
