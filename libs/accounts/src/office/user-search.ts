/** What the officers' user list was asked for. */
export interface UserQuery {
  q: string;
}

export function parseUserQuery(raw: Record<string, unknown>): UserQuery {
  return { q: typeof raw.q === 'string' ? raw.q.trim().slice(0, 254) : '' };
}
