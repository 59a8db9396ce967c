import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Clock, metricsRegistry, queryRows } from '@app/platform';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';

/** GET /metrics for Prometheus: this worker's counters and the age of the oldest mail waiting. */
@Controller()
export class MetricsController {
  private readonly outboxAge: Gauge;

  constructor(
    private readonly db: DataSource,
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
    const now = this.clock.now();
    const [row] = await queryRows<{ oldest: Date | null }>(
      this.db,
      `SELECT min(next_attempt_at) AS oldest FROM mail_outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1`,
      [now],
    );
    this.outboxAge.set(row?.oldest ? Math.max(0, (now.getTime() - row.oldest.getTime()) / 1000) : 0);
    res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
  }
}
