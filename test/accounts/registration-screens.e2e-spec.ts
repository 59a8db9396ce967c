import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { GOOD_PASSWORD, submit, uniqueEmail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { Agent } from '../support/http';
import { startRegistration } from '../support/portal-flows';

type Common = {
  register: { terms: Record<string, string>; labels: Record<string, string>; hints: Record<string, string> };
  validation: Record<string, unknown>;
};
const common = (lng: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../locales', lng, 'common.json'), 'utf8')) as Common;
/** A text as the page carries it (Handlebars escapes quotes; the agent already turns &#x3D; back into =). */
const asHtml = (text: string) => Handlebars.escapeExpression(text).replaceAll('&#x3D;', '=');

const DETAIL_FIELDS = ['category', 'nameEn', 'phone', 'password', 'passwordConfirm'];
const LAWYER_FIELDS = ['qualification', 'associationName', 'registrationNumber'];

/** The label (or legend) of `field` on the page, whole. */
const labelOf = (html: string, field: string): string => {
  const m =
    new RegExp(`<label for="${field}"[^>]*>[\\s\\S]*?</label>`).exec(html) ??
    new RegExp(`<legend id="${field}"[^>]*>[\\s\\S]*?</legend>`).exec(html);
  if (!m) throw new Error(`no label for ${field}`);
  return m[0];
};
const marked = (label: string) => label.includes('class="label--invalid"') && label.includes('class="error-mark"');

describe('registration screens as the manual shows them (manual 3)', () => {
  const t = usePortal();

  async function detailsPage(lng: string) {
    const { agent, link } = await startRegistration(t.portal, uniqueEmail(`screens-${lng}`), lng);
    await agent.get(link);
    return { agent, page: await agent.get('/register/details') };
  }

  it.each(['ja', 'en'])('labels every field in the manual’s 「…を入力してください」 form, in %s', async (lng) => {
    const labels = common(lng).register.labels;
    const agent = new Agent(t.portal.url);
    const terms = await agent.get(`/register?lng=${lng}`);
    await agent.post('/register', { _csrf: /name="_csrf" value="([^"]+)"/.exec(terms.text)![1], agree: '1' });
    const email = await agent.get('/register/email');
    for (const field of ['email', 'emailConfirm']) expect(labelOf(email.text, field)).toContain(asHtml(labels[field]));

    const { page } = await detailsPage(lng);
    for (const field of [...DETAIL_FIELDS, ...LAWYER_FIELDS, 'organizationName', 'relationship']) {
      expect(labelOf(page.text, field)).toContain(asHtml(labels[field]));
    }
  });

  it('uses the manual’s own words in Japanese', async () => {
    const { page } = await detailsPage('ja');
    expect(labelOf(page.text, 'category')).toContain('利用者区分を選択してください');
    expect(labelOf(page.text, 'password')).toContain('パスワードを入力してください');
    expect(labelOf(page.text, 'passwordConfirm')).toContain('パスワード（確認用）を入力してください');
  });

  it('shows the English names in brackets on the category radios, as the manual does', async () => {
    const { page } = await detailsPage('ja');
    for (const [name, english] of [
      ['所属機関等の職員', 'Staff Member of the Organization'],
      ['弁護士・行政書士', 'Attorney/Administrative Procedures Legal Specialist'],
      ['外国人本人', 'Foreign national (applicant)'],
      ['法定代理人等', 'Legal Representative'],
    ]) {
      expect(page.text).toContain(`${name} <span lang="en">(${english})</span>`);
    }
    // In English the names are English already: no second English name after them.
    expect((await detailsPage('en')).page.text).not.toContain('<span lang="en">(');
  });

  it('describes パスワード（確認用） with 「同じものをもう一度入力してください。」, also when it is in error', async () => {
    const { agent, page } = await detailsPage('ja');
    expect(page.text).toContain(
      '<span class="hint" id="passwordConfirm-hint">同じものをもう一度入力してください。</span>',
    );
    expect(page.text).toMatch(/id="passwordConfirm"[^>]* aria-describedby="passwordConfirm-hint"/);
    const res = await submit(agent, '/register/details', '/register/details', {
      category: 'foreign_national',
      nameEn: 'SATO HANAKO',
      phone: '0312345678',
      password: GOOD_PASSWORD,
      passwordConfirm: 'Different$7pass',
    });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(
      /id="passwordConfirm"[^>]* aria-invalid="true" aria-describedby="passwordConfirm-error passwordConfirm-hint"/,
    );
  });

  it('gives the terms in full, in the manual’s Japanese', async () => {
    const page = (await new Agent(t.portal.url).get('/register?lng=ja')).text;
    for (const sentence of [
      '下記の内容を必ずお読みください。',
      '利用者情報を登録した場合、以後の手続きに際し、利用者としてログインできます。',
      'また登録した情報は、それぞれの手続きにおいて利用できるため、入力が簡素化されます。',
      '繰り返し本サービスをご利用される場合は、利用者情報の登録をお勧めします。',
      '電子届出システムで使用する利用者ID（旧：認証ID）及びパスワードではログインできません。',
      'ご利用前に必ずお読みください。',
      '在留申請オンラインシステム及び電子届出システムを利用して地方出入国在留管理局長に対してインターネットを通じた在留諸申請及び出入国在留管理局長官に対してインターネットを通じた届出に係る手続を行うためには、下記規約に同意いただくことが必要です。',
      'なお、下記規約は日本語で定義されたものです。下記規約の翻訳版と日本語版に相違がある場合は、日本語版が優先されるものとします。',
      '在留申請オンラインシステム及び電子届出システム（以下「本システム」という。）は、原則24時間365日、ご利用いただけます。',
      '「同意する」ボタンをクリックすることにより、この説明に同意いただけたものとみなします。',
      '上記をご理解いただけましたら、同意して進んでください。',
    ]) {
      expect(page).toContain(asHtml(sentence));
    }
  });

  it.each(['en', 'zh-Hans', 'zh-Hant', 'ko', 'es', 'vi', 'tl'])(
    'gives every paragraph of the terms in %s',
    async (lng) => {
      const page = (await new Agent(t.portal.url).get(`/register?lng=${lng}`)).text;
      const terms = common(lng).register.terms;
      const missing = Object.keys(terms).filter((k) => !page.includes(asHtml(terms[k])));
      expect(missing).toEqual([]);
    },
  );

  it.each([
    ['ja', 'STRAßE ANNA'],
    ['ja', 'ﬁSCHER ANNA'],
    ['es', 'weiß anna'],
  ])('refuses the name %s → %j next to the field, keeping what was typed', async (lng, nameEn) => {
    const { agent } = await detailsPage(lng);
    const res = await submit(agent, '/register/details', '/register/details', {
      category: 'foreign_national',
      nameEn,
      phone: '0312345678',
      password: GOOD_PASSWORD,
      passwordConfirm: GOOD_PASSWORD,
    });
    expect(res.status).toBe(422);
    const message = common(lng).validation.nameEnRaised as string;
    expect(res.text).toContain(`<ul class="field-errors" id="nameEn-error"><li>${asHtml(message)}</li></ul>`);
    expect(res.text).toContain(`value="${nameEn}"`);
    expect(marked(labelOf(res.text, 'nameEn'))).toBe(true);
  });

  it('marks the item name of each field in error, and only those', async () => {
    const { agent } = await detailsPage('ja');
    const res = await submit(agent, '/register/details', '/register/details', {
      category: 'lawyer',
      nameEn: 'SATO HANAKO',
      phone: '090-1234-5678',
      password: 'short',
      passwordConfirm: 'short',
      qualification: 'attorney',
      associationName: 'Osaka',
      registrationNumber: '12345',
    });
    expect(res.status).toBe(422);
    const markedFields = [...DETAIL_FIELDS, ...LAWYER_FIELDS].filter((f) => marked(labelOf(res.text, f)));
    expect(markedFields).toEqual(['phone', 'password']);
    expect(res.text).toContain('<span class="error-mark" aria-hidden="true">!</span>');
  });
});
