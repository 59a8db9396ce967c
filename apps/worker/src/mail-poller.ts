import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MailDispatcher } from '@app/mail';
import { APP_CONFIG, AppConfig } from '@app/platform';
import { PeriodicJob } from './periodic-job';

/** Sends what is due in the outbox every MAIL_POLL_INTERVAL_MS. */
@Injectable()
export class MailPoller extends PeriodicJob {
  constructor(
    private readonly dispatcher: MailDispatcher,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super(scheduler, 'mail-outbox', config.mailPollIntervalMs);
  }

  protected async runOnce(): Promise<void> {
    const r = await this.dispatcher.flush();
    if (r.claimed) this.logger.log(`outbox: claimed ${r.claimed}, sent ${r.sent}, failed ${r.failed}`);
  }
}
