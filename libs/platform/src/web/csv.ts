import type { Response } from 'express';
import { stringify } from 'csv-stringify';
import { isoJapan } from './format';

export type CsvCell = string | number;

/** A column of an office CSV export: its Japanese heading (the default), its English one, its cell. */
export type CsvColumn<T> = { ja: string; en: string; cell: (row: T) => CsvCell };

/** Which headings a CSV carries: Japanese for officers, English (`?header=en`) for programs reading it. */
export type CsvHeader = 'ja' | 'en';

// An export is a download, not a form: any other value simply gives the default headings.
export const csvHeader = (raw: unknown): CsvHeader => (raw === 'en' ? 'en' : 'ja');

/**
 * A time as Japan time, "2025-07-23 15:05:00", the form a spreadsheet reads as a date and time
 * (docs/decisions.md); the headings say the times are Japan time. Empty for no time.
 */
export const csvJapanTime = (date: Date | null | undefined): string =>
  date ? isoJapan(date).slice(0, 19).replace('T', ' ') : '';

/**
 * A cell a spreadsheet would read as a formula (=, +, -, @, tab, carriage return first) gets a leading
 * apostrophe, so text typed by anyone (a login ID tried at the login page) cannot run in an officer's
 * spreadsheet when an export is opened.
 */
export const csvSafe = (cell: CsvCell): CsvCell =>
  typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;

/**
 * Streams a CSV download (UTF-8 with BOM, so spreadsheets read Japanese) batch by batch, waiting
 * whenever the client reads slower than the database answers, so any size fits in little memory.
 */
export async function streamCsv<T>(
  res: Response,
  filename: string,
  columns: CsvColumn<T>[],
  header: CsvHeader,
  batches: AsyncIterable<T[]>,
): Promise<void> {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  const csv = stringify({ header: true, bom: true, columns: columns.map((c) => c[header]) });
  csv.pipe(res);
  for await (const batch of batches) {
    for (const r of batch) {
      if (!csv.write(columns.map((c) => csvSafe(c.cell(r)))))
        await new Promise((resolve) => csv.once('drain', resolve));
    }
  }
  csv.end();
}
