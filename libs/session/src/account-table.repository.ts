import { Clock } from '@app/platform';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';

/** The lock rule's columns, which both account tables (app_user, officer) have. */
export interface LockableAccount extends ObjectLiteral {
  id: string;
  failedLogins: number;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  updatedAt: Date;
}

/**
 * What the repositories of both account tables do alike: reach the table inside or outside a
 * transaction, and write the lock rule's state. Each table's repository extends this and stays the
 * only writer of its table.
 */
export abstract class AccountTableRepository<T extends LockableAccount> {
  protected constructor(
    protected readonly db: DataSource,
    protected readonly clock: Clock,
    private readonly entity: EntityTarget<T>,
  ) {}

  protected repo(manager?: EntityManager): Repository<T> {
    return (manager ?? this.db.manager).getRepository(this.entity);
  }

  /** Another counted failure: the count and lock time `afterFailure` decided. */
  async setLoginFailures(
    id: string,
    state: { failedLogins: number; lockedUntil: Date | null },
    manager: EntityManager,
  ): Promise<void> {
    const { failedLogins, lockedUntil } = state;
    await this.write(id, { failedLogins, lockedUntil, updatedAt: this.clock.now() }, manager);
  }

  /** A complete login: the count starts afresh, and the time becomes the next 前回ログイン日時. */
  async recordLogin(id: string, at: Date, manager: EntityManager): Promise<void> {
    await this.write(id, { failedLogins: 0, lockedUntil: null, lastLoginAt: at }, manager);
  }

  protected async write(id: string, columns: Partial<LockableAccount>, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update(id, columns);
  }
}
