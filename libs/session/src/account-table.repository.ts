import { Clock, queryRows } from '@app/platform';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';

/** The lock rule's columns, which both account tables (app_user, officer) have. */
export interface LockableAccount extends ObjectLiteral {
  id: string;
  failedLogins: number;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  /** Bumped whenever the credentials change or the account locks; a login remembers the one it proved. */
  credentialsVersion: number;
  updatedAt: Date;
}

/**
 * What the repositories of both account tables do alike: reach the table inside or outside a
 * transaction, write the lock rule's state and the credentials version. Each table's repository extends
 * this and stays the only writer of its table.
 */
export abstract class AccountTableRepository<T extends LockableAccount> {
  /** What else a row must satisfy for its logins to stand (SQL on the table's own columns). */
  protected readonly loginStandsWhere: string = 'true';

  protected constructor(
    protected readonly db: DataSource,
    protected readonly clock: Clock,
    private readonly entity: EntityTarget<T>,
  ) {}

  protected repo(manager?: EntityManager): Repository<T> {
    return (manager ?? this.db.manager).getRepository(this.entity);
  }

  private table(manager?: EntityManager): string {
    return this.repo(manager).metadata.tableName;
  }

  /**
   * Another counted failure: the count and lock time `afterFailure` decided. A failure that locks the
   * account also ends every login of it (a stolen session must not outlive the lock).
   */
  async setLoginFailures(
    id: string,
    state: { failedLogins: number; lockedUntil: Date | null; lockedNow?: boolean },
    manager: EntityManager,
  ): Promise<void> {
    const { failedLogins, lockedUntil } = state;
    await this.write(id, { failedLogins, lockedUntil, updatedAt: this.clock.now() }, manager);
    if (state.lockedNow) await this.bumpCredentials(id, manager);
  }

  /** A complete login: the count starts afresh, and the time becomes the next 前回ログイン日時. */
  async recordLogin(id: string, at: Date, manager: EntityManager): Promise<void> {
    await this.write(id, { failedLogins: 0, lockedUntil: null, lastLoginAt: at }, manager);
  }

  /** Lifts a lock at once (operator command). Sessions ended by the lock stay ended. */
  async unlock(id: string, manager: EntityManager): Promise<void> {
    await this.write(id, { failedLogins: 0, lockedUntil: null, updatedAt: this.clock.now() }, manager);
  }

  /**
   * A new credentials version: every session that remembers an older one is logged out at its next
   * request, even one whose row an in-flight request writes back after it was deleted. Returns the new
   * version, for the session that made the change and stays logged in.
   */
  async bumpCredentials(id: string, manager: EntityManager): Promise<number> {
    const [row] = await queryRows<{ v: number }>(
      manager,
      `UPDATE "${this.table(manager)}" SET credentials_version = credentials_version + 1 WHERE id = $1
       RETURNING credentials_version AS v`,
      [id],
    );
    return row.v;
  }

  /**
   * The version a session's login must still carry; undefined when the account is gone (or, for a table
   * that says so in `loginStandsWhere`, disabled). One primary-key look-up, never cached: another
   * instance may have changed it. The session store makes it with the session row itself
   * (credentialsVersionSql); this is for a login the store did not read.
   */
  async credentialsVersionOf(id: string): Promise<number | undefined> {
    const [row] = await queryRows<{ v: number | null }>(this.db, `SELECT ${this.credentialsVersionSql('$1')} AS v`, [
      id,
    ]);
    return row?.v ?? undefined;
  }

  /** credentialsVersionOf as a scalar subquery, for the account whose id is the SQL `idSql` (text or uuid). */
  credentialsVersionSql(idSql: string): string {
    return `(SELECT credentials_version FROM "${this.table()}" WHERE id = (${idSql})::uuid AND ${this.loginStandsWhere})`;
  }

  /**
   * The same password hashed at today's cost, in place of the hash it was checked against; nothing
   * happens if the password was changed meanwhile. Not a credentials change: sessions stay.
   */
  async upgradeHash(id: string, checked: string, upgraded: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE "${this.table(manager)}" SET password_hash = $3 WHERE id = $1 AND password_hash = $2`, [
      id,
      checked,
      upgraded,
    ]);
  }

  protected async write(id: string, columns: Partial<LockableAccount>, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update(id, columns);
  }
}
