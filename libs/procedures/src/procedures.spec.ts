import { readFileSync } from 'node:fs';
import { CATEGORIES } from '@app/accounts';
import { STATUSES } from '@app/coe';
import { forbids, LANGUAGE_CODES, loadGlossary, projectPath } from '@app/platform';
import { Texts } from './procedure.schema';
import {
  allProcedures,
  normalise,
  parseProcedures,
  ProcedureDataError,
  procedureByCode,
  PROCEDURES_FILE,
  searchProcedures,
} from './procedures';

/** The raw file, loosely typed so a test can break one value. */
interface RawProcedure {
  fee: unknown;
  filedWith?: string[];
  filers: string[];
  statuses: { allowed: string[] };
}
const raw = () => JSON.parse(readFileSync(projectPath(PROCEDURES_FILE), 'utf8')) as { procedures: RawProcedure[] };
const codes = (list: { code: string }[]) => list.map((p) => p.code);
const OTHERS = LANGUAGE_CODES.filter((l) => l !== 'en');

/** Every 8-language text of every procedure, by where it is. */
const allTexts = (): [string, Texts][] =>
  allProcedures().flatMap((p) => [
    [`${p.code}.name`, p.name] as [string, Texts],
    [`${p.code}.purpose`, p.purpose] as [string, Texts],
    ...p.statuses.notOnline.flatMap((s, i) =>
      s.label ? [[`${p.code}.notOnline.${i}`, s.label] as [string, Texts]] : [],
    ),
    ...(Array.isArray(p.documents) ? p.documents : []).flatMap((g) =>
      'items' in g ? g.items.map((d) => [`${p.code}.documents.${d.id}`, d.label] as [string, Texts]) : [],
    ),
  ]);

describe('procedures data', () => {
  it('holds the seven procedures the agency takes online, in its order', () => {
    expect(codes([...allProcedures()])).toEqual([
      'coe',
      'change',
      'extension',
      'acquisition',
      'work-certificate',
      'reentry',
      'extra-activity',
    ]);
  });

  it('has every text in every language, and none a copy of the English', () => {
    // Proper names the other languages keep as in English: the agency's own English term.
    const properNames = new Set(['Certificate of Eligibility', 'Re-entry Permit']);
    const copies = allTexts().flatMap(([at, t]) =>
      OTHERS.filter((l) => t[l] === t.en && !properNames.has(t.en)).map((l) => `${at}.${l}`),
    );
    expect(copies).toEqual([]);
    const empty = allTexts().flatMap(([at, t]) => LANGUAGE_CODES.filter((l) => !t[l]?.trim()).map((l) => `${at}.${l}`));
    expect(empty).toEqual([]);
  });

  it('has search keywords in every language', () => {
    const missing = allProcedures().flatMap((p) =>
      LANGUAGE_CODES.filter((l) => !p.keywords[l].length).map((l) => `${p.code}.${l}`),
    );
    expect(missing).toEqual([]);
  });

  it('names each procedure exactly as the glossary does (one term per concept)', () => {
    const glossary = Object.values(loadGlossary());
    const unnamed = allProcedures()
      .filter((p) => !glossary.some((term) => LANGUAGE_CODES.every((l) => term[l] === p.name[l])))
      .map((p) => p.code);
    expect(unnamed).toEqual([]);
  });

  it('uses no rendering the glossary forbids', () => {
    const glossary = Object.entries(loadGlossary());
    const found = allTexts().flatMap(([at, t]) =>
      LANGUAGE_CODES.flatMap((l) =>
        glossary.flatMap(([id, term]) =>
          (term.forbidden?.[l] ?? []).filter((f) => forbids(t[l], f)).map((f) => `${at}.${l}: "${f}" (${id})`),
        ),
      ),
    );
    expect(found).toEqual([]);
  });

  it('uses only status codes of the statuses file', () => {
    const known = new Set(STATUSES.map((s) => s.code));
    const unknown = allProcedures().flatMap((p) =>
      [...p.statuses.allowed, ...p.statuses.notOnline.map((s) => s.code)]
        .filter((c) => !known.has(c))
        .map((c) => `${p.code}: ${c}`),
    );
    expect(unknown).toEqual([]);
  });

  it('files 再入国許可申請 and 資格外活動許可申請 only with a change, extension or acquisition', () => {
    for (const code of ['reentry', 'extra-activity']) {
      expect(procedureByCode(code)?.filedWith).toEqual(['change', 'extension', 'acquisition']);
    }
    const dangling = allProcedures().flatMap((p) =>
      (p.filedWith ?? []).filter((w) => !procedureByCode(w)).map((w) => `${p.code} → ${w}`),
    );
    expect(dangling).toEqual([]);
    expect(
      allProcedures()
        .filter((p) => p.filedWith)
        .map((p) => p.code),
    ).toEqual(['reentry', 'extra-activity']);
  });

  it('lets only the agency’s categories file, and the COE application not the foreign national', () => {
    // https://www.moj.go.jp/isa/applications/online/onlineshinsei.html — the table of who may use the
    // online system lists no foreign national in person for 在留資格認定証明書交付申請: the applicant is
    // abroad; staff of the organization, an attorney or gyoseishoshi, or a relative (legal representative)
    // files it in Japan.
    expect(procedureByCode('coe')?.filers).toEqual(['institution_staff', 'lawyer', 'legal_representative']);
    for (const code of ['change', 'extension']) {
      expect([...(procedureByCode(code)?.filers ?? [])].sort()).toEqual([...CATEGORIES].sort());
    }
  });

  it('takes none of 外交, 公用, 短期滞在 and 特定活動（出国準備期間） online', () => {
    for (const p of allProcedures()) {
      for (const code of ['diplomat', 'official', 'temporary_visitor']) expect(p.statuses.allowed).not.toContain(code);
      expect(p.statuses.notOnline).toEqual(
        expect.arrayContaining([
          { code: 'diplomat' },
          { code: 'temporary_visitor' },
          expect.objectContaining({ code: 'designated_activities', variant: 'departure_preparation' }),
        ]),
      );
    }
  });

  it('takes a COE application only for statuses a certificate can be issued for', () => {
    const eligible = new Set(STATUSES.filter((s) => s.coeEligible).map((s) => s.code));
    expect(procedureByCode('coe')?.statuses.allowed.filter((c) => !eligible.has(c))).toEqual([]);
  });

  it('asks for a face photo as a photo and links the agency page for what is not transcribed', () => {
    const extension = procedureByCode('extension')!;
    expect(extension.documents).toEqual(
      expect.arrayContaining([
        { statuses: 'all', items: [expect.objectContaining({ id: 'photo', kind: 'photo', required: true })] },
        { statuses: 'all', known: false, url: extension.url },
      ]),
    );
  });
});

describe('docs/procedures.md', () => {
  it('lists each procedure left with an unknown value, with its link', () => {
    const doc = readFileSync(projectPath('docs', 'procedures.md'), 'utf8');
    const rows = doc.split('\n').filter((l) => l.startsWith('| '));
    const missing = allProcedures().flatMap((p) => {
      const unknown = [p.fee, p.processingTime, ...(Array.isArray(p.documents) ? p.documents : [p.documents])]
        .filter((v) => 'known' in v && v.known === false)
        .map((v) => (v as { url: string }).url);
      return unknown
        .filter((url) => !rows.some((r) => r.startsWith(`| ${p.code} `) && r.includes(url)))
        .map((u) => `${p.code} ${u}`);
    });
    expect(missing).toEqual([]);
  });
});

describe('parseProcedures (the check at load)', () => {
  it('names the path of a bad value', () => {
    const data = raw();
    data.procedures[2].fee = { known: false };
    expect(() => parseProcedures(data)).toThrow(ProcedureDataError);
    expect(() => parseProcedures(data)).toThrow(/procedures\.2\.fee/);
    expect(() => parseProcedures(data)).toThrow(PROCEDURES_FILE);
  });

  it('refuses a status code the statuses file does not have', () => {
    const data = raw();
    data.procedures[1].statuses.allowed.push('astronaut');
    expect(() => parseProcedures(data)).toThrow(/procedures\.1\.statuses\.allowed\.\d+: unknown status "astronaut"/);
  });

  it('refuses a filedWith that points at no procedure', () => {
    const data = raw();
    data.procedures[5].filedWith = ['change', 'naturalisation'];
    expect(() => parseProcedures(data)).toThrow(/procedures\.5\.filedWith\.1/);
  });

  it('refuses a status both taken and not taken online', () => {
    const data = raw();
    data.procedures[0].statuses.allowed.push('temporary_visitor');
    expect(() => parseProcedures(data)).toThrow(/"temporary_visitor" is also allowed/);
  });

  it('refuses a category that does not exist', () => {
    const data = raw();
    data.procedures[0].filers.push('tourist');
    expect(() => parseProcedures(data)).toThrow(/procedures\.0\.filers\.3/);
  });
});

describe('searchProcedures', () => {
  const first = (q: string, lng?: 'ja' | 'en' | 'vi' | 'ko') => searchProcedures({ q, lng })[0]?.code;

  it.each(['extend', 'EXTEND my stay', '延長', 'gia hạn', '연장', '在留期間更新許可申請', 'ｅｘｔｅｎｄ'])(
    'finds 在留期間更新許可申請 first from "%s"',
    (q) => expect(first(q)).toBe('extension'),
  );

  it('finds it across languages: Japanese typed by a Vietnamese reader, Vietnamese by a Japanese one', () => {
    expect(first('在留期間の延長', 'vi')).toBe('extension');
    expect(first('gia hạn', 'ja')).toBe('extension');
  });

  it('matches decomposed Vietnamese as composed (NFKC)', () => {
    expect(first('gia ha\u0323n')).toBe('extension');
  });

  it('finds by purpose', () => {
    expect(first('visa for family abroad')).toBe('coe');
    expect(first('change job')).toBe('change');
    expect(first('アルバイト')).toBe('extra-activity');
  });

  it('filters by status of residence', () => {
    expect(codes(searchProcedures({ status: 'permanent_resident' }))).not.toContain('extension');
    expect(codes(searchProcedures({ status: 'student' }))).toContain('extension');
    expect(codes(searchProcedures({ q: 'extend', status: 'student' }))).toEqual(['extension']);
    expect(searchProcedures({ status: 'temporary_visitor' })).toEqual([]);
    expect(searchProcedures({ status: 'no_such_status' })).toEqual([]);
  });

  it('hands out data no caller can change', () => {
    const extension = procedureByCode('extension')!;
    expect(() => extension.statuses.allowed.push('diplomat')).toThrow(TypeError);
    expect(() => Object.assign(extension.name, { en: 'x' })).toThrow(TypeError);
  });

  it('returns nothing for nonsense', () => {
    expect(searchProcedures({ q: 'xqzvvj' })).toEqual([]);
    expect(searchProcedures({ q: 'extend xqzvvj' })).toEqual([]);
  });

  it('returns every procedure, in the agency’s order, for an empty query', () => {
    expect(codes(searchProcedures({}))).toEqual(codes([...allProcedures()]));
    expect(codes(searchProcedures({ q: '   ', lng: 'ko' }))).toEqual(codes([...allProcedures()]));
  });

  it('keeps the same order for the same query', () => {
    expect(codes(searchProcedures({ q: 'gia hạn' }))).toEqual(codes(searchProcedures({ q: 'gia hạn' })));
    expect(codes(searchProcedures({ q: 'gia hạn' }))).toEqual(['extension', 'reentry', 'extra-activity']);
  });

  it('normalises full width and case', () => {
    expect(normalise('ＥＸＴＥＮＤ')).toBe('extend');
  });
});
