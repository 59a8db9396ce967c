import { LANGUAGE_CODES } from '@app/platform';
import { procedureByCode } from '../procedures';
import { filedWithText, procedureView, statusOptions } from './procedure-view';

const procedure = (code: string) => procedureByCode(code)!;

describe('procedureView (the procedure page)', () => {
  it('shows a known fee and processing time in words of the language', () => {
    const coe = procedureView(procedure('coe'), 'ja');
    expect(coe.fee).toEqual({ amount: '手数料はかかりません。', paid: undefined });
    expect(coe.time).toEqual({ text: '1か月～3か月' });
    expect(procedureView(procedure('change'), 'en').time).toEqual({ text: '2 weeks to 1 month' });
  });

  it('shows the agency page, never a value, where the data does not know it', () => {
    const view = procedureView(procedure('acquisition'), 'vi');
    expect(view.fee).toEqual({ unknownUrl: 'https://www.moj.go.jp/isa/applications/online/onlineshinsei.html' });
    expect(view.time).toEqual({ unknownUrl: 'https://www.moj.go.jp/isa/applications/online/onlineshinsei.html' });
    const groups = procedureView(procedure('coe'), 'en').documents;
    expect(groups[0]).toMatchObject({ all: true, items: [{ id: 'photo', kind: 'photo', required: true }] });
    expect(groups[0]).toMatchObject({ other: false });
    expect(groups[1]).toEqual({ all: true, other: true, statuses: [], unknownUrl: procedure('coe').url });
  });

  it('names a status in the reader language with the legal name, and the kind of 特定活動 by its own label', () => {
    const view = procedureView(procedure('extension'), 'en');
    expect(view.notOnline).toContainEqual(expect.objectContaining({ name: 'Temporary Visitor', legal: '短期滞在' }));
    expect(view.notOnline).toContainEqual({ name: 'Designated Activities (period of preparation for departure)' });
  });

  it('offers filing only for a procedure filed on its own, and lists what the others go with', () => {
    expect(procedureView(procedure('extension'), 'ja').canApply).toBe(true);
    const reentry = procedureView(procedure('reentry'), 'ja');
    expect(reentry.canApply).toBe(false);
    expect(reentry.filedWith?.map((p) => p.code)).toEqual(['change', 'extension', 'acquisition']);
  });

  it.each(LANGUAGE_CODES)('%s: says "filed only together with" with the names joined as the language does', (lng) => {
    const text = filedWithText(procedure('extra-activity'), lng)!;
    for (const code of ['change', 'extension', 'acquisition']) expect(text).toContain(procedure(code).name[lng]);
    expect(filedWithText(procedure('coe'), lng)).toBeUndefined();
  });

  it('lists every status of residence once for the search form, made once per language', () => {
    const options = statusOptions('vi');
    expect(statusOptions('vi')).toBe(options);
    expect(options.find((o) => o.code === 'student')?.name).toBe('Du học (留学)');
  });
});
