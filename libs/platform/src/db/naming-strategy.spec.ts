import { SnakeNamingStrategy } from './naming-strategy';

describe('SnakeNamingStrategy', () => {
  const s = new SnakeNamingStrategy();
  it.each([
    ['MailOutbox', 'mail_outbox'],
    ['Announcement', 'announcement'],
  ])('table %s -> %s', (cls, table) => expect(s.tableName(cls, undefined)).toBe(table));

  it.each([
    ['nextAttemptAt', 'next_attempt_at'],
    ['id', 'id'],
    ['lastHTTPStatus', 'last_http_status'],
  ])('column %s -> %s', (prop, col) => expect(s.columnName(prop, undefined, [])).toBe(col));

  it('keeps explicit names', () => expect(s.columnName('x', 'custom_name', [])).toBe('custom_name'));
});
