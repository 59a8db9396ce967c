import { Inject, Injectable } from '@nestjs/common';
import bcrypt from 'bcrypt';
import { APP_CONFIG, AppConfig } from '@app/platform';

/** bcrypt with the configured cost. The async API hashes on libuv's thread pool, off the event loop. */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.config.bcryptCost);
  }

  verify(password: string, hash: string): Promise<boolean> {
    return bcrypt.compare(password, hash);
  }

  /** Spends the time of one verification, so an unknown ID answers as slowly as a wrong password. */
  async verifyNothing(password: string): Promise<false> {
    this.dummy ??= bcrypt.hash('no-such-user-password', this.config.bcryptCost);
    await bcrypt.compare(password, await this.dummy);
    return false;
  }
}
