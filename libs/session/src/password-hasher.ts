import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { APP_CONFIG, AppConfig } from '@app/platform';

/** bcrypt with the configured cost. The async API hashes on libuv's thread pool, off the event loop. */
@Injectable()
export class PasswordHasher {
  /**
   * A well-formed hash at the configured cost that no password matches: bcrypt.compare spends the
   * cost's full time on it all the same. Only its salt is made (no hashing: a bcrypt hash in every
   * process at start-up slowed `npm start`), and made here, so the first unknown ID costs no more.
   */
  private readonly dummy: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.dummy = `${bcrypt.genSaltSync(config.bcryptCost)}${'.'.repeat(31)}`;
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.bcryptCost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  /**
   * Whether a hash is weaker than the configured cost (a legacy import, or a cost raised since): after
   * a successful login it is replaced, so legacy accounts get stronger and their logins take as long as
   * everyone else's.
   */
  needsRehash(hash: string): boolean {
    try {
      return bcrypt.getRounds(hash) < this.config.bcryptCost;
    } catch {
      return false; // not a bcrypt hash: verify already refused it
    }
  }

  /**
   * Spends the time of one verification at the configured cost, so an unknown ID answers as slowly as a
   * wrong password.
   */
  async verifyNothing(password: string): Promise<false> {
    await bcrypt.compare(password, this.dummy);
    return false;
  }
}
