import type { Response } from 'express';
import { stringify } from 'csv-stringify';

export type CsvCell = string | number;

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
  columns: string[],
  batches: AsyncIterable<T[]>,
  toRow: (row: T) => CsvCell[],
): Promise<void> {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  const csv = stringify({ header: true, bom: true, columns });
  csv.pipe(res);
  for await (const batch of batches) {
    for (const r of batch) {
      if (!csv.write(toRow(r).map(csvSafe))) await new Promise((resolve) => csv.once('drain', resolve));
    }
  }
  csv.end();
}
