import { likeLiteral } from '@app/platform';
import { userSearchWhere } from '../users.repository';
import { parseUserQuery } from './user-search';

describe('officers’ user search', () => {
  it('lists everyone without a search', () => {
    expect(userSearchWhere(parseUserQuery({}))).toEqual({ sql: '', params: [] });
    expect(userSearchWhere(parseUserQuery({ q: '   ' }))).toEqual({ sql: '', params: [] });
  });

  it('matches the start of ID and name in upper case and of the e-mail in lower case', () => {
    const where = userSearchWhere(parseUserQuery({ q: ' Tanaka  Ta ' }));
    expect(where.params).toEqual(['TANAKA TA', 'tanaka  ta']);
    expect(where.sql).toContain("upper(u.login_id) LIKE $1 || '%'");
    expect(where.sql).toContain("upper(u.name_en) LIKE $1 || '%'");
    expect(where.sql).toContain("lower(u.email) LIKE $2 || '%'");
  });

  it('treats LIKE wildcards as plain characters', () => {
    expect(likeLiteral('a_b%c\\d')).toBe('a\\_b\\%c\\\\d');
    expect(userSearchWhere({ q: '%' }).params).toEqual(['\\%', '\\%']);
  });

  it('ignores a search that is not text', () => {
    expect(parseUserQuery({ q: ['A', 'B'] })).toEqual({ q: '' });
  });
});
