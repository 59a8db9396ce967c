import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Whether the database answers: the one query `/healthz` runs. */
@Injectable()
export class DatabaseHealthRepository {
  constructor(private readonly db: DataSource) {}

  async reachable(): Promise<boolean> {
    try {
      await this.db.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
