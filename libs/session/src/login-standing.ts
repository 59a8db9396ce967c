import type { AccountTableRepository } from './account-table.repository';

/**
 * Where an app's sessions keep their login and which account table says whether it still stands: the
 * session store reads the account's credentials version in the same query as the session row, so a
 * logged-in page costs one round trip before its own queries.
 */
export interface LoginStanding {
  /** The session key holding the login. */
  login: 'auth' | 'officer';
  /** The login's field holding the account id. */
  accountId: 'userId' | 'officerId';
  accounts: Pick<AccountTableRepository<never>, 'credentialsVersionSql'>;
}

// A symbol key: JSON.stringify skips it, so the version read is never stored with the session, nor
// makes express-session think the session changed.
const READ_WITH_SESSION = Symbol('credentials version read with the session row');

type Carrier = { [READ_WITH_SESSION]?: { version: number | undefined } };

/** Records on a login, as loaded, its account's version (undefined: gone, or its logins do not stand). */
export function rememberStanding(login: object, version: number | undefined): void {
  // Not enumerable either: a copy of the login made in a request (`{ ...auth }`) does not carry it.
  Object.defineProperty(login, READ_WITH_SESSION, { value: { version }, configurable: true });
}

/**
 * The account's credentials version as read with this request's session row; undefined when it was
 * not (a login made in this request, or a store without a standing), and must be asked for.
 */
export const standingReadWithSession = (login: object): { version: number | undefined } | undefined =>
  (login as Carrier)[READ_WITH_SESSION];
