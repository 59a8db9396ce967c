import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { DatabaseHealthRepository } from '../db/database-health.repository';

@Controller()
export class HealthController {
  constructor(private readonly database: DatabaseHealthRepository) {}

  /** 200 when the database answers; 503 otherwise. Used by `npm start` and load balancers. */
  @Get('healthz')
  @HttpCode(200)
  async health(): Promise<{ status: 'ok' }> {
    if (!(await this.database.reachable())) throw new ServiceUnavailableException('database unreachable');
    return { status: 'ok' };
  }
}
