import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { loggableMessage } from '@app/platform';
import type { DatabaseAvailability } from '@app/platform';
import { backoffTicks } from './backoff-ticks';

/**
 * A job run every `intervalMs` through @nestjs/schedule's registry. A run never overlaps the previous
 * one in this process; other worker instances are kept apart by the job's own row claims. While the
 * database is away the job skips more and more ticks (see backoffTicks) and stays quiet: the outage is
 * logged once by DatabaseAvailability, not once per poll.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private running?: Promise<void>;
  private outageRuns = 0;
  private ticksToSkip = 0;

  protected constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly database: DatabaseAvailability,
  ) {}

  protected abstract runOnce(): Promise<void>;

  onApplicationBootstrap(): void {
    this.scheduler.addInterval(
      this.name,
      setInterval(() => this.tick(), this.intervalMs),
    );
    this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', this.name)) this.scheduler.deleteInterval(this.name);
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    if (this.ticksToSkip > 0) {
      this.ticksToSkip--;
      return;
    }
    const run = this.database.begin();
    this.running = this.runOnce()
      .then(
        () => {
          this.outageRuns = 0;
          this.database.reached();
        },
        (e: unknown) => {
          if (this.database.failed(e, run)) {
            this.outageRuns++;
            this.ticksToSkip = backoffTicks(this.outageRuns, this.intervalMs);
            return;
          }
          this.logger.error(`${this.name} failed: ${loggableMessage(e)}`);
        },
      )
      .finally(() => {
        this.running = undefined;
      });
  }
}
