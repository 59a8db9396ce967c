import { procedureFileSchema, unknownValue } from './procedure.schema';
import { PROCEDURES_FILE } from './procedures';
import { readFileSync } from 'node:fs';
import { projectPath } from '@app/platform';

const raw = () => JSON.parse(readFileSync(projectPath(PROCEDURES_FILE), 'utf8')) as Record<string, unknown>;

describe('procedure schema', () => {
  it('accepts the data in the repository', () => {
    const result = procedureFileSchema.safeParse(raw());
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('requires a url on a value that is not known', () => {
    expect(unknownValue.safeParse({ known: false }).success).toBe(false);
    expect(unknownValue.safeParse({ known: false, url: '' }).success).toBe(false);
    expect(
      unknownValue.safeParse({ known: false, url: 'https://www.moj.go.jp/isa/applications/procedures/16-3.html' })
        .success,
    ).toBe(true);
  });

  it('takes only the agency’s pages as the link for an unknown value', () => {
    expect(unknownValue.safeParse({ known: false, url: 'https://example.com/fees' }).success).toBe(false);
    expect(unknownValue.safeParse({ known: false, url: 'http://www.moj.go.jp/isa/' }).success).toBe(false);
  });

  it('refuses an unknown fee without its link, and a guessed fee without an amount', () => {
    const data = raw() as { procedures: Record<string, unknown>[] };
    data.procedures[1].fee = { known: false };
    expect(procedureFileSchema.safeParse(data).success).toBe(false);
    data.procedures[1].fee = { known: true, paid: 'none' };
    expect(procedureFileSchema.safeParse(data).success).toBe(false);
  });

  it('refuses a text missing in one language', () => {
    const data = raw() as { procedures: { purpose: Record<string, string> }[] };
    delete data.procedures[0].purpose.tl;
    expect(procedureFileSchema.safeParse(data).success).toBe(false);
  });
});
