import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MailDispatcher } from '@app/mail';
import { APP_CONFIG, AppConfig } from '@app/platform';

/**
 * Runs the outbox dispatcher every MAIL_POLL_INTERVAL_MS. A pass never overlaps the previous one in
 * this process; other worker instances are kept apart by the dispatcher's row claims.
 */
@Injectable()
export class MailPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailPoller');
  private running?: Promise<void>;

  constructor(
    private readonly dispatcher: MailDispatcher,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => this.tick(), this.config.mailPollIntervalMs);
    this.scheduler.addInterval('mail-outbox', timer);
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', 'mail-outbox')) this.scheduler.deleteInterval('mail-outbox');
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.dispatcher
      .flush()
      .then((r) => {
        if (r.claimed) this.logger.log(`outbox: claimed ${r.claimed}, sent ${r.sent}, failed ${r.failed}`);
      })
      .catch((e: unknown) => this.logger.error(`outbox pass failed: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
