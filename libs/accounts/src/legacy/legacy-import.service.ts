import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { Clock, queryRows } from '@app/platform';
import { DataSource } from 'typeorm';
import { LegacyAccount, LegacyProblem } from './legacy-csv';

export interface ImportReport {
  imported: number;
  alreadyPresent: number;
  problems: LegacyProblem[];
}

const BATCH = 500;

/**
 * Imports accounts from the legacy system (SPEC §1): they keep their ID and password (the bcrypt hash
 * is taken as it is). Idempotent: an ID already present is left alone, so the import can be re-run.
 */
@Injectable()
export class LegacyImportService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  async import(accounts: LegacyAccount[], onProgress: (done: number) => void = () => undefined): Promise<ImportReport> {
    const report: ImportReport = { imported: 0, alreadyPresent: 0, problems: [] };
    for (let start = 0; start < accounts.length; start += BATCH) {
      const batch = accounts.slice(start, start + BATCH);
      await this.db.transaction(async (m) => {
        const now = this.clock.now();
        const values: unknown[] = batch.flatMap((a) => [a.loginId, a.email, a.category, a.nameEn, a.passwordHash]);
        const at = `$${values.length + 1}`;
        const tuples = batch.map((_a, i) => {
          const p = i * 5;
          return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, 'ja', true, ${at}, ${at}, ${at})`;
        });
        const sql = `INSERT INTO app_user
            (login_id, email, category, name_en, password_hash, lng, legacy, password_changed_at, created_at, updated_at)
          VALUES ${tuples.join(', ')}
          ON CONFLICT DO NOTHING RETURNING upper(login_id) AS id`;
        const inserted = new Set((await queryRows<{ id: string }>(m, sql, [...values, now])).map((r) => r.id));
        const skipped = batch.filter((a) => !inserted.has(a.loginId.toUpperCase()));
        if (skipped.length) {
          const present = new Set(
            (
              await queryRows<{ id: string }>(
                m,
                `SELECT upper(login_id) AS id FROM app_user WHERE upper(login_id) = ANY($1)`,
                [skipped.map((a) => a.loginId.toUpperCase())],
              )
            ).map((r) => r.id),
          );
          for (const a of skipped) {
            if (present.has(a.loginId.toUpperCase())) report.alreadyPresent++;
            else
              report.problems.push({ line: a.line, message: `e-mail ${a.email} already belongs to another account` });
          }
        }
        report.imported += inserted.size;
        if (inserted.size) {
          await this.audit.record('legacy.imported', { actor: 'cli', details: { count: inserted.size } }, m);
        }
      });
      onProgress(Math.min(start + BATCH, accounts.length));
    }
    return report;
  }
}
