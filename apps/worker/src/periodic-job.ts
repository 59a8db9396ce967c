import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { loggableMessage } from '@app/platform';

/**
 * A job run every `intervalMs` through @nestjs/schedule's registry. A run never overlaps the previous
 * one in this process; other worker instances are kept apart by the job's own row claims.
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger = new Logger(this.constructor.name);
  private running?: Promise<void>;

  protected constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly name: string,
    private readonly intervalMs: number,
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
    this.running = this.runOnce()
      .catch((e: unknown) => this.logger.error(`${this.name} failed: ${loggableMessage(e)}`))
      .finally(() => {
        this.running = undefined;
      });
  }
}
