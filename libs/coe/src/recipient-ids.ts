import type { UsersService } from '@app/accounts';

/** The rows with their recipients' user IDs, read from accounts (which owns the users' table) in one go. */
export async function withLoginIds<T extends { recipientId: string }>(
  users: UsersService,
  rows: T[],
): Promise<(T & { loginId: string })[]> {
  const ids = await users.loginIdsOf(rows.map((r) => r.recipientId));
  return rows.map((r) => ({ ...r, loginId: ids.get(r.recipientId) ?? '' }));
}
