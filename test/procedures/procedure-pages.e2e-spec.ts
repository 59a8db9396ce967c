import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGE_CODES, Language } from '@app/platform';
import { allProcedures, procedureByCode, QUERY_MAX_LENGTH } from '@app/procedures';
import { usePortal } from '../support/apps';
import { Agent, htmlLang } from '../support/http';

type Words = Record<string, Record<string, unknown>>;
const locale = (lng: string, ns: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../locales', lng, `${ns}.json`), 'utf8')) as Words;
const words = (lng: string) =>
  locale(lng, 'procedures') as unknown as {
    search: { title: string; none: string; notOnline: string };
    show: { apply: string; seeAgency: string; filedWith: string };
    validation: { qTooLong: string; statusUnknown: string };
  };
const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
/** The codes of the procedures listed as results, in order. */
const listed = (html: string) => [...html.matchAll(/<li data-procedure="([^"]+)">/g)].map((m) => m[1]);
// i18next leaves an unknown key as the key itself: any "procedures:" or dotted key on the page is one.
const missingKeys = (html: string) =>
  [...main(html).matchAll(/>\s*((?:procedures:)?(?:search|show|units|validation|frame)\.[\w.]+)\s*</g)].map(
    (m) => m[1],
  );

describe('手続き検索 pages (issue 13, item 1)', () => {
  const t = usePortal();
  // As a browser reads the page: Handlebars writes ' and " in texts as entities.
  const get = async (path: string) => {
    const res = await new Agent(t.portal.url).get(path);
    return { ...res, text: res.text.replaceAll('&#x27;', "'").replaceAll('&quot;', '"') };
  };

  it.each(LANGUAGE_CODES)(
    '%s: lists every procedure with its purpose, and marks those filed only together',
    async (lng) => {
      const res = await get(`/procedures?lng=${lng}`);
      expect(res.status).toBe(200);
      expect(htmlLang(res.text)).toBe(lng);
      expect(res.text).toContain(`<title>${words(lng).search.title} | `);
      expect(listed(res.text)).toEqual(allProcedures().map((p) => p.code));
      for (const p of allProcedures()) {
        expect(res.text).toContain(`<a href="/procedures/${p.code}">${p.name[lng]}</a>`);
        expect(res.text).toContain(`<p>${p.purpose[lng]}</p>`);
      }
      const item = (code: string) => new RegExp(`<li data-procedure="${code}">[\\s\\S]*?</li>`).exec(res.text)![0];
      for (const code of ['reentry', 'extra-activity']) {
        expect(item(code)).toContain('class="procedure-list__with"');
        expect(item(code)).toContain(procedureByCode('extension')!.name[lng]);
      }
      expect(item('extension')).not.toContain('procedure-list__with');
      expect(missingKeys(res.text)).toEqual([]);
    },
  );

  it('counts the results with the plural forms of the language', async () => {
    expect(main((await get('/procedures?lng=en')).text)).toContain(
      '<p id="result-count" role="status">7 procedures</p>',
    );
    expect(main((await get('/procedures?lng=en&q=COE')).text)).toContain('>1 procedure</p>');
    expect(main((await get('/procedures?lng=ja')).text)).toContain('>7件の手続き</p>');
  });

  it.each([
    ['Japanese', 'ja', '更新'],
    ['English', 'en', 'extend my stay'],
    ['Vietnamese', 'vi', 'gia hạn'],
  ])('finds 在留期間更新許可申請 by %s text, first', async (_, lng, q) => {
    const res = await get(`/procedures?lng=${lng}&q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(listed(res.text)[0]).toBe('extension');
    // The words are kept in the field, so the search can be changed and shared.
    expect(res.text).toContain(`value="${q}"`);
    expect(res.text).toContain('<a href="/procedures" id="clear-search">');
  });

  it('finds a procedure typed in another language than the page (Japanese on the Vietnamese page)', async () => {
    const res = await get(`/procedures?lng=vi&q=${encodeURIComponent('認定証明書')}`);
    expect(listed(res.text)).toEqual(['coe']);
  });

  it('filters by status of residence, and keeps the status selected', async () => {
    const res = await get('/procedures?lng=en&status=permanent_resident');
    expect(res.status).toBe(200);
    const expected = allProcedures()
      .filter((p) => p.statuses.allowed.includes('permanent_resident'))
      .map((p) => p.code);
    expect(expected).not.toEqual(allProcedures().map((p) => p.code));
    expect(listed(res.text)).toEqual(expected);
    expect(res.text).toMatch(/<option value="permanent_resident" selected>/);
  });

  it('says plainly that a status every procedure refuses online is not taken online', async () => {
    for (const status of ['temporary_visitor', 'diplomat']) {
      const res = await get(`/procedures?lng=ja&status=${status}`);
      expect(res.status).toBe(200);
      expect(listed(res.text)).toEqual([]);
      expect(res.text).toContain(`<p class="notice" id="not-online">${words('ja').search.notOnline}</p>`);
    }
    expect((await get('/procedures?lng=ja&status=student')).text).not.toContain('id="not-online"');
  });

  it.each(LANGUAGE_CODES)('%s: says when nothing matches and links to clear the search', async (lng) => {
    const res = await get(`/procedures?lng=${lng}&q=zzzqqq`);
    expect(res.status).toBe(200);
    expect(listed(res.text)).toEqual([]);
    expect(res.text).toMatch(new RegExp(`<p id="no-results">${words(lng).search.none} <a href="/procedures">`));
  });

  it('answers an over-long q with a message next to the field, the words kept, and no search', async () => {
    const q = 'あ'.repeat(QUERY_MAX_LENGTH + 1);
    const res = await get(`/procedures?lng=ja&q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain(
      `<ul class="field-errors" id="q-error"><li>${words('ja').validation.qTooLong}</li></ul>`,
    );
    expect(res.text).toContain(`value="${q}"`);
    expect(res.text).toMatch(/id="q"[^>]*aria-invalid="true"/);
    expect(listed(res.text)).toEqual([]);
    // Exactly the limit is fine.
    expect((await get(`/procedures?q=${encodeURIComponent('あ'.repeat(QUERY_MAX_LENGTH))}`)).status).toBe(200);
  });

  it.each(LANGUAGE_CODES)('%s: answers an unknown status with a localized message next to the select', async (lng) => {
    const res = await get(`/procedures?lng=${lng}&status=astronaut&q=visa`);
    expect(res.status).toBe(400);
    expect(htmlLang(res.text)).toBe(lng);
    expect(res.text).toContain(
      `<ul class="field-errors" id="status-error"><li>${words(lng).validation.statusUnknown}</li></ul>`,
    );
    expect(res.text).toContain('value="visa"');
    expect(res.text).toMatch(/id="status"[^>]*aria-invalid="true"/);
    expect(res.text).toContain('<a href="/procedures" id="clear-search">');
  });

  it('answers repeated and odd parameters without a 500', async () => {
    for (const query of [
      'q=a&q=b',
      'status=a&status=b',
      'q[x]=1',
      'status[]=student',
      'q=%00%ff',
      'q=' + '%20'.repeat(500),
    ]) {
      const res = await get(`/procedures?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: expect.any(Number) as number });
      expect(res.status).toBeLessThan(500);
    }
  });

  it.each(LANGUAGE_CODES)('%s: every procedure page shows its parts, with no missing text', async (lng) => {
    for (const p of allProcedures()) {
      const res = await get(`/procedures/${p.code}?lng=${lng}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`<h1 id="page-title">${p.name[lng]}</h1>`);
      expect(res.text).toContain(`<title>${p.name[lng]} | `);
      expect(res.text).toContain(p.purpose[lng]);
      for (const section of ['filers', 'statuses', 'documents', 'fee', 'processing-time', 'source'])
        expect({ code: p.code, section, found: res.text.includes(`id="${section}"`) }).toEqual({
          code: p.code,
          section,
          found: true,
        });
      expect(res.text).toContain(`<a href="${p.url}" id="agency-page">`);
      expect(missingKeys(res.text)).toEqual([]);
    }
  });

  it('names who may file as the registration page names them', async () => {
    const ja = locale('ja', 'common').categories as Record<string, string>;
    const coe = main((await get('/procedures/coe?lng=ja')).text);
    const filers = /<section aria-labelledby="filers-title" id="filers">[\s\S]*?<\/section>/.exec(coe)![0];
    expect(filers).toContain(`${ja.institution_staff} <span lang="en">(Staff Member of the Organization)</span>`);
    expect(filers).toContain(ja.lawyer);
    expect(filers).toContain(ja.legal_representative);
    // A COE application is for someone abroad: not filed by the foreign national in person.
    expect(filers).not.toContain(ja.foreign_national);
    const extension = main((await get('/procedures/extension?lng=en')).text);
    expect(extension).toContain('<li data-category="foreign_national">Foreign national (applicant)</li>');
  });

  it('states the statuses not available online: 外交, 短期滞在, 特定活動（出国準備期間）', async () => {
    const html = main((await get('/procedures/extension?lng=ja')).text);
    const notOnline = /<ul id="not-online"[\s\S]*?<\/ul>/.exec(html)![0];
    for (const name of ['外交', '公用', '短期滞在', '特定活動（出国準備期間）'])
      expect(notOnline).toContain(`<li>${name}</li>`);
    const en = main((await get('/procedures/extension?lng=en')).text);
    expect(/<ul id="not-online"[\s\S]*?<\/ul>/.exec(en)![0]).toContain(
      '<li>Temporary Visitor (<span lang="ja">短期滞在</span>)</li>',
    );
  });

  it('shows a known value, and for a value not known the link to the agency page, never a guess', async () => {
    const coe = main((await get('/procedures/coe?lng=ja')).text);
    expect(coe).toContain('手数料はかかりません。');
    expect(coe).toContain('1か月～3か月');
    expect(coe).toContain('<li data-document="photo">');
    const en = main((await get('/procedures/coe?lng=en')).text);
    expect(en).toContain('1 month to 3 months');

    const change = procedureByCode('change')!;
    expect(change.fee).toMatchObject({ known: false });
    const html = main((await get('/procedures/change?lng=en')).text);
    const fee = /<section aria-labelledby="fee-title" id="fee">[\s\S]*?<\/section>/.exec(html)![0];
    const url = (change.fee as { url: string }).url;
    expect(url).toMatch(/^https:\/\/www\.moj\.go\.jp\//);
    expect(fee).toContain(`<a class="agency-link" href="${url}">${words('en').show.seeAgency}</a>`);
    expect(fee.replace(/<[^>]+>/g, '')).not.toMatch(/¥|\d/);

    const acquisition = main((await get('/procedures/acquisition?lng=vi')).text);
    const time = /<section aria-labelledby="time-title" id="processing-time">[\s\S]*?<\/section>/.exec(acquisition)![0];
    expect(time).toContain('href="https://www.moj.go.jp/isa/applications/online/onlineshinsei.html"');
    const docs = /<section aria-labelledby="documents-title" id="documents">[\s\S]*?<\/section>/.exec(acquisition)![0];
    expect(docs).toContain('<a class="agency-link" href="https://www.moj.go.jp/');
  });

  it('offers この手続きを申請する only for procedures filed on their own', async () => {
    for (const p of allProcedures()) {
      const html = main((await get(`/procedures/${p.code}?lng=ja`)).text);
      const button = `<a class="button" id="apply" href="/applications/new?procedure=${p.code}">${words('ja').show.apply}</a>`;
      expect({ code: p.code, offered: html.includes(button) }).toEqual({ code: p.code, offered: !p.filedWith });
    }
    const reentry = main((await get('/procedures/reentry?lng=en')).text);
    expect(reentry).toContain(`<h2 id="filed-with-title">${words('en').show.filedWith}</h2>`);
    expect(reentry).toContain(`<a href="/procedures/change">${procedureByCode('change')!.name.en}</a>`);
  });

  it("shows the data's version, date and source", async () => {
    const html = main((await get('/procedures/extension?lng=ja')).text);
    expect(html).toContain('この情報は第1版です。確認日：');
    expect(html).toContain('<time datetime="2026-12-01">2026年12月1日</time>');
    expect(html).toContain('<a href="https://www.moj.go.jp/isa/applications/online/onlineshinsei.html">');
  });

  it.each(LANGUAGE_CODES)('%s: an unknown procedure is the localized 404 page', async (lng: Language) => {
    for (const code of ['nope', 'COE', '..%2F..', 'x'.repeat(300)]) {
      const res = await get(`/procedures/${code}?lng=${lng}`);
      expect(res.status).toBe(404);
      expect(htmlLang(res.text)).toBe(lng);
      expect(res.text).toContain((locale(lng, 'common').errors as { notFound: { title: string } }).notFound.title);
    }
  });
});
