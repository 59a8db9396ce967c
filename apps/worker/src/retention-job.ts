import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig, DatabaseAvailability, Retention } from '@app/platform';
import { PeriodicJob } from './periodic-job';

/** Deletes what is past its retention period every RETENTION_INTERVAL_MS (docs/operations.md). */
@Injectable()
export class RetentionJob extends PeriodicJob {
  constructor(
    private readonly retention: Retention,
    scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) config: AppConfig,
    database: DatabaseAvailability,
  ) {
    super(scheduler, 'retention', config.retentionIntervalMs, database);
  }

  protected async runOnce(): Promise<void> {
    const started = performance.now();
    const removed = await this.retention.run();
    if (Object.values(removed).some((n) => n > 0)) {
      this.logger.log(JSON.stringify({ retention: removed, durationMs: Math.round(performance.now() - started) }));
    }
  }
}
