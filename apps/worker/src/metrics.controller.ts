import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { MailService } from '@app/mail';
import { Clock, metricsRegistry } from '@app/platform';
import { Gauge } from 'prom-client';

/** GET /metrics for Prometheus: this worker's counters and the age of the oldest mail waiting. */
@Controller()
export class MetricsController {
  private readonly outboxAge: Gauge;

  constructor(
    private readonly mail: MailService,
    private readonly clock: Clock,
  ) {
    this.outboxAge =
      (metricsRegistry.getSingleMetric('ro_outbox_oldest_due_seconds') as Gauge | undefined) ??
      new Gauge({
        name: 'ro_outbox_oldest_due_seconds',
        help: 'How long the oldest mail that is due has been waiting (0 when none)',
        registers: [metricsRegistry],
      });
  }

  @Get('metrics')
  async metrics(@Res() res: Response): Promise<void> {
    this.outboxAge.set(await this.mail.oldestDueSeconds(this.clock.now()));
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  }
}
