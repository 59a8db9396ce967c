import { parseLegacyCsv } from './legacy-csv';

const hash = '$2b$10$' + 'a'.repeat(53);

describe('parseLegacyCsv', () => {
  it('reads rows after a header, with line numbers', () => {
    const r = parseLegacyCsv(
      `id,hash,email,name,category\nuser01,${hash},a@example.jp,TANAKA TARO,foreign_national\nstaff9,${hash},b@example.jp,,institution_staff\n`,
    );
    expect(r.problems).toEqual([]);
    expect(r.accounts).toEqual([
      {
        line: 2,
        loginId: 'user01',
        passwordHash: hash,
        email: 'a@example.jp',
        nameEn: 'TANAKA TARO',
        category: 'foreign_national',
      },
      {
        line: 3,
        loginId: 'staff9',
        passwordHash: hash,
        email: 'b@example.jp',
        nameEn: null,
        category: 'institution_staff',
      },
    ]);
  });

  it('reads a file without a header', () =>
    expect(parseLegacyCsv(`u1,${hash},a@example.jp,A B,lawyer`).accounts).toHaveLength(1));

  it.each([
    [`u1,notahash,a@example.jp,A,lawyer`, /bcrypt/],
    [`u1,${hash},not-mail,A,lawyer`, /e-mail/],
    [`u1,${hash},a@example.jp,tanaka,lawyer`, /English name/],
    [`u1,${hash},a@example.jp,A,judge`, /category/],
    [`u1,${hash},a@example.jp,,lawyer`, /only institution staff/],
    [`u1,${hash},a@example.jp`, /expected 5 fields/],
    [`u 1,${hash},a@example.jp,A,lawyer`, /ID must be/],
  ])('reports %s', (line, message) => {
    const r = parseLegacyCsv(`id,hash,email,name,category\n${line}\n`);
    expect(r.accounts).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].line).toBe(2);
    expect(r.problems[0].message).toMatch(message);
  });
});
