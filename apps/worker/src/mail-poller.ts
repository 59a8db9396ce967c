import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MailDispatcher } from '@app/mail';
import { APP_CONFIG, AppConfig, DatabaseAvailability } from '@app/platform';
import { PeriodicJob } from './periodic-job';

/** Sends what is due in the outbox every MAIL_POLL_INTERVAL_MS. */
@Injectable()
export class MailPoller extends PeriodicJob {
  constructor(
    private readonly dispatcher: MailDispatcher,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
    database: DatabaseAvailability,
  ) {
    super(scheduler, 'mail-outbox', config.mailPollIntervalMs, database);
  }

  protected async runOnce(): Promise<void> {
    const r = await this.dispatcher.flush();
    if (r.claimed) this.logger.log(`outbox: claimed ${r.claimed}, sent ${r.sent}, failed ${r.failed}`);
  }
}
