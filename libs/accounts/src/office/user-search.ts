/** What the officers' user list was asked for. */
export interface UserQuery {
  q: string;
}

export function parseUserQuery(raw: Record<string, unknown>): UserQuery {
  return { q: typeof raw.q === 'string' ? raw.q.trim().slice(0, 254) : '' };
}

/** `s` as a literal inside a LIKE pattern (PostgreSQL's default escape character is the backslash). */
export const likeLiteral = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The WHERE clause of the officers' user search: the start of the user ID, of the e-mail address or of
 * the English name, case-insensitively. An empty search lists everyone.
 */
export function userSearchWhere(query: UserQuery): { sql: string; params: unknown[] } {
  const q = query.q.trim();
  if (!q) return { sql: '', params: [] };
  const upper = likeLiteral(q.replace(/\s+/g, ' ').toUpperCase());
  const lower = likeLiteral(q.toLowerCase());
  return {
    sql: `WHERE (upper(u.login_id) LIKE $1 || '%' OR upper(u.name_en) LIKE $1 || '%' OR lower(u.email) LIKE $2 || '%')`,
    params: [upper, lower],
  };
}
