import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGE_CODES } from '@app/platform';
import { FAST_ACCOUNTS, Running, startOffice, startPortal, testConfig } from '../support/apps';
import { loggedInAgent, makeUser, TestUser } from '../support/factories';
import { Agent, htmlLang } from '../support/http';
import { createTestDatabase } from '../support/test-postgres';
import type { NestExpressApplication } from '@nestjs/platform-express';

interface Common {
  frame: { home: string; login: string; register: string; language: string; procedures: string; applications: string };
  home: { onlineApplications: string };
  onlineApplications: { agencyLink: string };
}
const locale = (lng: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../locales', lng, 'common.json'), 'utf8')) as Common;

// The manual's menu (1.6), in its order, each entry in its own language.
const MENU = [
  ['ja', '日本語'],
  ['en', 'English'],
  ['zh-Hans', '中文(簡体字)'],
  ['zh-Hant', '中文(繁体字)'],
  ['ko', '한국어'],
  ['es', 'Español'],
  ['vi', 'Tiếng Việt'],
  ['tl', 'Tagalog'],
];
const AGENCY_URL = 'https://agency.example/online-applications';

const header = (html: string) => /<header class="site-header">[\s\S]*?<\/header>/.exec(html)?.[0] ?? '';
const summary = (html: string) => /<summary>([\s\S]*?)<\/summary>/.exec(html)?.[1] ?? '';
// What the eye sees: the summary without its visually hidden part.
const visible = (fragment: string) =>
  fragment
    .replace(/<span class="visually-hidden">[\s\S]*<\/span>/, '')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('header, top page and language menu (manual 1.5, 1.6, 2.2)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let portal: Running<NestExpressApplication>;
  let office: Running<NestExpressApplication>;
  let user: TestUser;

  beforeAll(async () => {
    db = await createTestDatabase();
    portal = await startPortal(testConfig(db.url, { ...FAST_ACCOUNTS, ONLINE_APPLICATIONS_INFO_URL: AGENCY_URL }));
    office = await startOffice(testConfig(db.url));
    user = await makeUser(portal);
  });
  afterAll(async () => {
    await portal?.close();
    await office?.close();
    await db?.drop();
  });

  it.each(LANGUAGE_CODES)('%s: the header links ホーム to the top page', async (lng) => {
    const page = header((await new Agent(portal.url).get(`/announcements?lng=${lng}`)).text);
    expect(page).toContain(`<li><a href="/">${locale(lng).frame.home}</a></li>`);
    // On the top page itself the link says it is the current page.
    const top = header((await new Agent(portal.url).get(`/?lng=${lng}`)).text);
    expect(top).toContain(`<li><a href="/" aria-current="page">${locale(lng).frame.home}</a></li>`);
  });

  it.each(LANGUAGE_CODES)('%s: the language button reads "Language" and names the current language', async (lng) => {
    const html = (await new Agent(portal.url).get(`/?lng=${lng}`)).text;
    const button = summary(header(html));
    expect(visible(button)).toBe('🌐 Language');
    expect(button).toContain('<span lang="en">Language</span>');
    const current = MENU.find(([code]) => code === lng)![1];
    // Screen readers also hear the word in the page's language (once, in English) and the current language.
    const word = lng === 'en' ? '' : ` / ${locale(lng).frame.language}`;
    expect(button.replace(/\s+/g, ' ')).toContain(
      `<span class="visually-hidden">${word}: <span lang="${lng}">${current}</span></span>`,
    );
  });

  it.each(LANGUAGE_CODES)(
    "%s: the menu lists exactly the manual's eight languages, in order, each with lang",
    async (lng) => {
      const html = header((await new Agent(portal.url).get(`/?lng=${lng}`)).text);
      const items = [...html.matchAll(/<li><a href="[^"]*" lang="([^"]+)" hreflang="\1"[^>]*>([^<]+)<\/a><\/li>/g)];
      expect(items.map((m) => [m[1], m[2]])).toEqual(MENU);
    },
  );

  it('keeps the menu a plain <details> with links, so it works without script', async () => {
    const html = header((await new Agent(portal.url).get('/?lng=ko')).text);
    expect(html).toMatch(/<details class="language-selector">\s*<summary>/);
    expect(html).toContain('<a href="/?lng=vi" lang="vi" hreflang="vi">Tiếng Việt</a>');
    expect(html).not.toContain('<script');
  });

  it.each(LANGUAGE_CODES)('%s: the top page offers オンライン申請手続き, ログイン and 新規登録', async (lng) => {
    const html = (await new Agent(portal.url).get(`/?lng=${lng}`)).text;
    const main = /<main[\s\S]*<\/main>/.exec(html)![0];
    const words = locale(lng);
    expect(main).toContain(`<a class="button" href="/procedures">${words.home.onlineApplications}</a>`);
    expect(main).toContain(`<a class="button" href="/login">${words.frame.login}</a>`);
    expect(main).toContain(`<a class="button button--secondary" href="/register">${words.frame.register}</a>`);
  });

  it.each(LANGUAGE_CODES)('%s: the header links 手続き検索 and 申請状況確認 right after ホーム', async (lng) => {
    const { frame } = locale(lng);
    for (const agent of [new Agent(portal.url), await loggedInAgent(portal, user)]) {
      const nav = header((await agent.get(`/announcements?lng=${lng}`)).text);
      expect(nav).toMatch(
        new RegExp(
          `<li><a href="/">${frame.home}</a></li>\\s*` +
            `<li><a href="/procedures">${frame.procedures}</a></li>\\s*` +
            `<li><a href="/applications">${frame.applications}</a></li>`,
        ),
      );
    }
    const own = header((await new Agent(portal.url).get(`/procedures?lng=${lng}`)).text);
    expect(own).toContain(`<li><a href="/procedures" aria-current="page">${frame.procedures}</a></li>`);
  });

  it("sends the old オンライン申請手続き address on to 手続き検索 for good, which links the agency's page", async () => {
    const res = await new Agent(portal.url).get('/online-applications');
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/procedures');
    for (const lng of LANGUAGE_CODES) {
      const page = await new Agent(portal.url).get(`/procedures?lng=${lng}`);
      expect(page.status).toBe(200);
      expect(htmlLang(page.text)).toBe(lng);
      const words = locale(lng).onlineApplications;
      expect(page.text).toContain(`<a href="${AGENCY_URL}" id="agency-online-page">${words.agencyLink}</a>`);
    }
  });

  it('keeps the office header without ホーム and with the same language button', async () => {
    const html = header((await new Agent(office.url).get('/login?lng=es')).text);
    expect(html).not.toContain(`>${locale('es').frame.home}</a>`);
    expect(visible(summary(html))).toBe('🌐 Language');
  });
});
