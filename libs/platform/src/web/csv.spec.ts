import { csvSafe } from './csv';

describe('csvSafe', () => {
  it('defuses what a spreadsheet would run as a formula', () => {
    for (const cell of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\t=x', '\r=x']) expect(csvSafe(cell)).toBe(`'${cell}`);
  });

  it('leaves other text and numbers as they are', () => {
    for (const cell of ['E2026-ABC', 'officer:SATO', '', 'a=b', 3, -1]) expect(csvSafe(cell)).toBe(cell);
  });
});
