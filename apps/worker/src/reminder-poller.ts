import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ReminderSweep } from '@app/coe';
import { APP_CONFIG, AppConfig, DatabaseAvailability } from '@app/platform';
import { PeriodicJob } from './periodic-job';

/** Runs the e-COE reminder sweep every REMINDER_SWEEP_INTERVAL_MS (default 5 minutes). */
@Injectable()
export class ReminderPoller extends PeriodicJob {
  constructor(
    private readonly sweep: ReminderSweep,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
    database: DatabaseAvailability,
  ) {
    super(scheduler, 'coe-reminders', config.reminderSweepIntervalMs, database);
  }

  protected async runOnce(): Promise<void> {
    await this.sweep.run();
  }
}
