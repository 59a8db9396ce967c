import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AnnouncementsService } from '@app/announcements';
import { LANGUAGE_CODES, queryRows } from '@app/platform';
import { Running, startOffice, startPortal, testConfig } from '../support/apps';
import { Agent, htmlLang } from '../support/http';
import { createTestDatabase } from '../support/test-postgres';
import type { NestExpressApplication } from '@nestjs/platform-express';

const locale = (lng: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../locales', lng, 'common.json'), 'utf8')) as {
    home: { noticesTitle: string };
    errors: { notFound: { title: string }; forbidden: { title: string }; serverError: { title: string } };
    announcements: { none: string };
  };

describe('page frame (portal and office over real HTTP)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let portal: Running<NestExpressApplication>;
  let office: Running<NestExpressApplication>;

  beforeAll(async () => {
    db = await createTestDatabase();
    portal = await startPortal(testConfig(db.url));
    office = await startOffice(testConfig(db.url));
  });
  afterAll(async () => {
    await portal?.close();
    await office?.close();
    await db?.drop();
  });

  it('serves /healthz on both apps', async () => {
    for (const app of [portal, office]) {
      const res = await fetch(`${app.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    }
  });

  it('renders the top page in Japanese by default', async () => {
    const res = await new Agent(portal.url).get('/');
    expect(res.status).toBe(200);
    expect(htmlLang(res.text)).toBe('ja');
    expect(res.text).toContain('みなさまへのお知らせ');
    expect(res.text).toContain('お知らせ一覧');
  });

  it.each(LANGUAGE_CODES)('?lng=%s renders the page in that language and remembers it', async (lng) => {
    const agent = new Agent(portal.url);
    const first = await agent.get(`/?lng=${lng}`);
    expect(htmlLang(first.text)).toBe(lng);
    expect(first.text).toContain(locale(lng).home.noticesTitle);
    expect(agent.cookie('lng')).toBe(lng);
    const again = await agent.get('/announcements');
    expect(htmlLang(again.text)).toBe(lng);
  });

  it('follows Accept-Language when nothing was chosen', async () => {
    const res = await new Agent(portal.url).get('/', { 'accept-language': 'fr-FR,zh-TW;q=0.8,en;q=0.5' });
    expect(htmlLang(res.text)).toBe('zh-Hant');
  });

  it('lists all eight languages, each named in its own script', async () => {
    const res = await new Agent(portal.url).get('/?lng=en');
    for (const name of [
      '日本語',
      'English',
      '中文(簡体字)',
      '中文(繁体字)',
      '한국어',
      'Español',
      'Tiếng Việt',
      'Tagalog',
    ]) {
      expect(res.text).toContain(`>${name}</a>`);
    }
  });

  it('persists the colour scheme in a cookie', async () => {
    const agent = new Agent(portal.url);
    expect((await agent.get('/?theme=black')).text).toContain('class="theme-black"');
    expect(agent.cookie('theme')).toBe('black');
    expect((await agent.get('/announcements')).text).toContain('class="theme-black"');
    expect((await agent.get('/?theme=nonsense')).text).toContain('class="theme-black"');
  });

  it('sends a strict CSP and no framework banner', async () => {
    const res = await new Agent(portal.url).get('/');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.text).not.toMatch(/<script>|style="/);
  });

  it('answers an unknown URL with a localized 404 and no internals', async () => {
    const res = await new Agent(portal.url).get('/no/such/page?lng=vi');
    expect(res.status).toBe(404);
    expect(htmlLang(res.text)).toBe('vi');
    expect(res.text).toContain(locale('vi').errors.notFound.title);
    expect(res.text).not.toMatch(/at \w+ \(|node_modules|Error:/);
  });

  it('refuses a form POST without _csrf with a localized 403', async () => {
    for (const app of [portal, office]) {
      const res = await new Agent(app.url).post('/?lng=ko', { anything: '1' });
      expect(res.status).toBe(403);
      expect(htmlLang(res.text)).toBe('ko');
      expect(res.text).toContain(locale('ko').errors.forbidden.title);
      expect(res.text).not.toMatch(/at \w+ \(|node_modules|ForbiddenError/);
    }
  });

  it('refuses a POST with a forged _csrf', async () => {
    const agent = new Agent(portal.url);
    await agent.get('/');
    expect((await agent.post('/', { _csrf: 'forged' })).status).toBe(403);
  });

  it('answers malformed JSON with a 400 problem, not a stack trace', async () => {
    const res = await fetch(`${portal.url}/api/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"broken',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 400 });
    expect(text).not.toMatch(/at \w+ \(|SyntaxError/);
  });

  it('serves a contact page and the stylesheet', async () => {
    const agent = new Agent(portal.url);
    expect((await agent.get('/contact?lng=es')).text).toContain('<h1 id="contact-title">');
    const css = await agent.get('/assets/css/site.css');
    expect(css.status).toBe(200);
    expect(css.text).toContain('.theme-black');
  });

  it('shows a localized 500 page without internals when the database fails', async () => {
    const ds = portal.app.get(DataSource);
    await ds.query('ALTER TABLE announcement RENAME TO announcement_away');
    try {
      const res = await new Agent(portal.url).get('/?lng=es');
      expect(res.status).toBe(500);
      expect(htmlLang(res.text)).toBe('es');
      expect(res.text).toContain(locale('es').errors.serverError.title);
      expect(res.text).not.toMatch(/announcement|relation|SELECT|QueryFailedError|at \w+ \(/);
    } finally {
      await ds.query('ALTER TABLE announcement_away RENAME TO announcement');
    }
  });

  describe('announcements', () => {
    let service: AnnouncementsService;
    beforeAll(async () => {
      service = portal.app.get(AnnouncementsService);
      await portal.app.get(DataSource).query('DELETE FROM announcement');
    });

    it('says so when there are none', async () => {
      const res = await new Agent(portal.url).get('/?lng=tl');
      expect(res.text).toContain(locale('tl').announcements.none);
    });

    it('shows published ones newest first, paginated, with Japanese fallback', async () => {
      const base = new Date('2026-03-01T00:00:00Z').getTime();
      for (let i = 1; i <= 12; i++) {
        await service.create(
          {
            title: { ja: `お知らせ${i}`, ...(i === 12 ? { en: 'Twelve in English' } : {}) },
            body: { ja: `本文${i}`, ...(i === 12 ? { en: 'Body twelve' } : {}) },
            publishFrom: new Date(base + i * 3600_000),
          },
          'test',
        );
      }
      await service.create(
        { title: { ja: '未来' }, body: { ja: 'x' }, publishFrom: new Date('2027-01-01T00:00:00Z') },
        'test',
      );
      await service.create(
        {
          title: { ja: '終了' },
          body: { ja: 'x' },
          publishFrom: new Date('2026-01-01T00:00:00Z'),
          publishUntil: new Date('2026-02-01T00:00:00Z'),
        },
        'test',
      );

      const agent = new Agent(portal.url);
      const top = await agent.get('/?lng=en');
      expect(top.text).toContain('Twelve in English');
      expect(top.text).toContain('<a href="/announcements/');
      expect(top.text).toContain('lang="ja">お知らせ11</a>');
      expect(top.text).not.toContain('お知らせ7<');
      expect(top.text).not.toContain('未来');
      expect(top.text).not.toContain('終了');

      const page1 = await agent.get('/announcements');
      expect(page1.text.match(/<li>\s*<time/g)).toHaveLength(10);
      expect(page1.text).toContain('/announcements?page=2');
      const page2 = await agent.get('/announcements?page=2');
      expect(page2.text.match(/<li>\s*<time/g)).toHaveLength(2);
      expect(page2.text).toContain('お知らせ1<');
      expect(page2.text).not.toContain('未来');
      const beyond = await agent.get('/announcements?page=999');
      expect(beyond.status).toBe(200);
      expect(beyond.text).toContain('お知らせ1<');
    });

    it('shows one announcement and 404s for unknown, unpublished or malformed ids', async () => {
      const ds = portal.app.get(DataSource);
      const [{ id }] = await queryRows<{ id: number }>(
        ds,
        `SELECT id FROM announcement WHERE title->>'ja' = 'お知らせ12'`,
      );
      const [{ id: future }] = await queryRows<{ id: number }>(
        ds,
        `SELECT id FROM announcement WHERE title->>'ja' = '未来'`,
      );
      const agent = new Agent(portal.url);
      const one = await agent.get(`/announcements/${id}?lng=en`);
      expect(one.status).toBe(200);
      expect(one.text).toContain('Body twelve');
      expect((await agent.get(`/announcements/${future}`)).status).toBe(404);
      expect((await agent.get('/announcements/99999')).status).toBe(404);
      expect((await agent.get('/announcements/abc')).status).toBe(404);
      expect((await agent.get('/announcements/1e3')).status).toBe(404);
    });

    it('publishes a future announcement once the clock reaches it', async () => {
      portal.clock.set('2027-01-01T00:00:00Z');
      try {
        expect((await new Agent(portal.url).get('/')).text).toContain('未来');
      } finally {
        portal.clock.set('2026-04-01T00:00:00Z');
      }
    });
  });
});
