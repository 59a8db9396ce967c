import { Controller, Get, HttpCode, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { DatabaseHealthRepository } from '../db/database-health.repository';
import { UNAVAILABLE_RETRY_AFTER_S } from './exception.filter';

@Controller()
export class HealthController {
  constructor(private readonly database: DatabaseHealthRepository) {}

  /** 200 when the database answers; 503 otherwise. Used by `npm start` and load balancers. */
  @Get('healthz')
  @HttpCode(200)
  async health(@Res({ passthrough: true }) res: Response): Promise<{ status: 'ok' }> {
    if (!(await this.database.reachable())) {
      // Set here too: the worker answers /healthz without the web apps' exception filter.
      res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
      throw new ServiceUnavailableException('database unreachable');
    }
    return { status: 'ok' };
  }
}
