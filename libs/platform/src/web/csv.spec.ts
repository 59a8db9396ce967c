import { Readable, Writable } from 'node:stream';
import type { Response } from 'express';
import { CsvColumn, csvHeader, CsvHeader, csvJapanTime, csvSafe, streamCsv } from './csv';

describe('csvSafe', () => {
  it('defuses what a spreadsheet would run as a formula', () => {
    for (const cell of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x']) expect(csvSafe(cell)).toBe(`'${cell}`);
  });

  it('leaves other text and numbers as they are', () => {
    for (const cell of ['E2026-ABC', 'officer:SATO', '', 'a=b', 3, -1]) expect(csvSafe(cell)).toBe(cell);
  });
});

describe('streamCsv and Japan time', () => {
  type Row = { n: string; at: Date | null };
  const columns: CsvColumn<Row>[] = [
    { ja: '番号', en: 'number', cell: (r) => r.n },
    { ja: '日時（日本時間）', en: 'atJst', cell: (r) => csvJapanTime(r.at) },
  ];
  const once = (rows: Row[]): AsyncIterable<Row[]> => Readable.from([rows], { objectMode: true });
  // A Response enough for streamCsv: headers kept, body collected.
  const download = async (header: CsvHeader, rows: Row[]) => {
    const headers: Record<string, string> = {};
    const chunks: Buffer[] = [];
    const res = Object.assign(
      new Writable({
        write(chunk: Buffer, _enc, done) {
          chunks.push(chunk);
          done();
        },
      }),
      { setHeader: (name: string, value: string) => (headers[name] = value) },
    );
    const finished = new Promise((resolve) => res.on('finish', resolve));
    await streamCsv(res as unknown as Response, 'x.csv', columns, header, once(rows));
    await finished;
    return { headers, body: Buffer.concat(chunks) };
  };
  const lateUtc = { n: '=1', at: new Date('2025-07-23T23:30:00Z') };

  it('writes Japanese headings by default, with a BOM, and a time at 23:30 UTC on the next day in Japan', async () => {
    const { headers, body } = await download('ja', [lateUtc, { n: 'b', at: null }]);
    expect(headers['Content-Type']).toBe('text/csv; charset=utf-8');
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(body.subarray(3).toString('utf8')).toBe("番号,日時（日本時間）\n'=1,2025-07-24 08:30:00\nb,\n");
  });

  it('writes English headings when asked (?header=en), the same cells', async () => {
    const { body } = await download('en', [lateUtc]);
    expect(body.subarray(3).toString('utf8')).toBe("number,atJst\n'=1,2025-07-24 08:30:00\n");
  });

  it('takes only "en" as the English option', () => {
    expect(csvHeader('en')).toBe('en');
    for (const raw of [undefined, '', 'EN', 'ja', ['en'], 'fr']) expect(csvHeader(raw)).toBe('ja');
  });

  it('writes Japan time across midnight and the year', () => {
    expect(csvJapanTime(new Date('2025-12-31T15:00:00Z'))).toBe('2026-01-01 00:00:00');
    expect(csvJapanTime(new Date('2025-12-31T14:59:59.999Z'))).toBe('2025-12-31 23:59:59');
    expect(csvJapanTime(undefined)).toBe('');
  });
});
