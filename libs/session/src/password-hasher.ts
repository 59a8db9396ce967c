import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { APP_CONFIG, AppConfig } from '@app/platform';

/** bcrypt with the configured cost. The async API hashes on libuv's thread pool, off the event loop. */
@Injectable()
export class PasswordHasher {
  // Made at start-up: made on first use, it cost the first unknown ID a bcrypt hash more than a known one.
  private readonly dummy: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.dummy = bcrypt.hash('no-such-user-password', config.bcryptCost);
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
   * wrong password. The dummy hash is made once per process, at start-up.
   */
  async verifyNothing(password: string): Promise<false> {
    await bcrypt.compare(password, await this.dummy);
    return false;
  }
}
