import { Injectable } from '@nestjs/common';
import { AuditService } from '@app/audit';
import { DataSource } from 'typeorm';
import { UsersRepository } from '../users.repository';
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
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async import(accounts: LegacyAccount[], onProgress: (done: number) => void = () => undefined): Promise<ImportReport> {
    const report: ImportReport = { imported: 0, alreadyPresent: 0, problems: [] };
    for (let start = 0; start < accounts.length; start += BATCH) {
      const batch = accounts.slice(start, start + BATCH);
      await this.db.transaction(async (m) => {
        const inserted = await this.users.insertLegacy(batch, m);
        const skipped = batch.filter((a) => !inserted.has(a.loginId.toUpperCase()));
        if (skipped.length) {
          const present = await this.users.existingLoginIds(
            skipped.map((a) => a.loginId.toUpperCase()),
            m,
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
