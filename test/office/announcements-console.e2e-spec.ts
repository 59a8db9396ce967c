import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { LANGUAGE_CODES, queryRows } from '@app/platform';
import { csrfOf } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, testConfig, usePortal } from '../support/apps';
import { Agent } from '../support/http';
import { loggedInOfficer, makeOfficer } from '../support/factories';

const PORTAL_START = '2026-04-01T00:00:00Z'; // 09:00 in Japan

describe('office console: announcements — list, create, edit, publish window (SPEC §3, §6)', () => {
  const t = usePortal();
  let office: Running<NestExpressApplication>;
  let db: DataSource;
  let officer: Agent;
  let officerId: string;
  const visitor = () => new Agent(t.portal.url);

  /** The announcement links of the portal's top page: [lang, title]. */
  const topPage = async (lng: string) =>
    [
      ...(await visitor().get(`/?lng=${lng}`)).text.matchAll(
        /<a href="\/announcements\/\d+" lang="([^"]+)">([^<]+)<\/a>/g,
      ),
    ].map((m) => [m[1], m[2]]);
  const idOf = async (titleJa: string) =>
    (await queryRows<{ id: number }>(db, `SELECT id FROM announcement WHERE title->>'ja' = $1`, [titleJa]))[0]?.id;
  const count = async () => Number((await queryRows<{ n: string }>(db, `SELECT count(*) AS n FROM announcement`))[0].n);

  /** Posts the form of `pagePath` (new or edit) with its own values changed by `fields`. */
  const post = async (pagePath: string, action: string, fields: Record<string, string>) => {
    const page = await officer.get(pagePath);
    expect(page.status).toBe(200);
    const shown = Object.fromEntries(
      [...page.text.matchAll(/<input type="(?:text|datetime-local)" id="[^"]+" name="([^"]+)" value="([^"]*)"/g)].map(
        (m) => [m[1], m[2]],
      ),
    );
    const texts = Object.fromEntries(
      [...page.text.matchAll(/<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g)].map((m) => [m[1], m[2]]),
    );
    return officer.post(action, { _csrf: csrfOf(page.text), ...shown, ...texts, ...fields });
  };
  const create = (fields: Record<string, string>) => post('/announcements/new', '/announcements', fields);
  const edit = (id: number, fields: Record<string, string>) =>
    post(`/announcements/${id}/edit`, `/announcements/${id}`, fields);

  beforeAll(async () => {
    office = await startOffice(testConfig(t.dbUrl, FAST_ACCOUNTS));
    db = office.app.get(DataSource);
    const o = await makeOfficer(office, { label: 'news' });
    officerId = o.loginId;
    officer = await loggedInOfficer(office, o);
  });
  afterAll(() => office?.close());
  afterEach(() => t.portal.clock.set(PORTAL_START));

  it('is for officers only: visitors are sent to the office login', async () => {
    for (const path of ['/announcements', '/announcements/new', '/announcements/1/edit']) {
      const res = await new Agent(office.url).get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?returnTo=${encodeURIComponent(path)}`);
    }
  });

  it('creates an announcement in Japanese only, publishing now by default; every language shows it in Japanese', async () => {
    const form = await officer.get('/announcements/new?lng=ja');
    expect(form.text).toContain('name="publishFrom" value="2026-04-01T09:00"'); // the office clock, Japan time
    for (const lng of LANGUAGE_CODES) expect(form.text).toContain(`name="title${lng === 'ja' ? 'Ja' : ''}`);

    const res = await create({ titleJa: '窓口の受付時間の変更', bodyJa: '4月から受付時間を変更します。' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/announcements?saved=created');
    const list = await officer.get('/announcements?saved=created&lng=ja');
    expect(list.text).toContain('お知らせを登録しました。');
    const id = await idOf('窓口の受付時間の変更');
    expect(list.text).toContain(`<tr data-id="${id}" data-state="published">`);
    expect(list.text).toContain('2026年4月1日 09:00');

    for (const lng of LANGUAGE_CODES) {
      expect({ lng, shown: await topPage(lng) }).toEqual({ lng, shown: [['ja', '窓口の受付時間の変更']] });
    }
  });

  it('an edit with an English translation shows in English; other languages keep the Japanese', async () => {
    const id = await idOf('窓口の受付時間の変更');
    const res = await edit(id, {
      titleJa: '窓口の受付時間を変更します',
      titleEn: 'New counter opening hours',
      bodyEn: 'Our counters change their opening hours from April.',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/announcements?saved=updated');
    expect((await officer.get('/announcements?saved=updated&lng=en')).text).toContain(
      'The announcement has been updated.',
    );

    expect(await topPage('en')).toEqual([['en', 'New counter opening hours']]);
    expect(await topPage('ja')).toEqual([['ja', '窓口の受付時間を変更します']]);
    expect(await topPage('ko')).toEqual([['ja', '窓口の受付時間を変更します']]);
    const shown = await visitor().get(`/announcements/${id}?lng=en`);
    expect(shown.text).toContain('Our counters change their opening hours from April.');

    const again = await officer.get(`/announcements/${id}/edit`);
    expect(again.text).toContain('value="New counter opening hours"');
    expect(again.text).toContain('value="窓口の受付時間を変更します"');
  });

  it('a future publish window hides the announcement until the portal clock reaches it, and after it ends', async () => {
    const res = await create({
      titleJa: 'システムメンテナンスのお知らせ',
      bodyJa: '4月5日にメンテナンスを行います。',
      publishFrom: '2026-04-02T09:00',
      publishUntil: '2026-04-03T09:00',
    });
    expect(res.status).toBe(303);
    const id = await idOf('システムメンテナンスのお知らせ');
    expect((await officer.get('/announcements')).text).toContain(`<tr data-id="${id}" data-state="scheduled">`);
    const titles = async () => (await topPage('ja')).map(([, title]) => title);

    expect(await titles()).not.toContain('システムメンテナンスのお知らせ');
    expect((await visitor().get(`/announcements/${id}`)).status).toBe(404);
    t.portal.clock.set('2026-04-01T23:59:59Z');
    expect(await titles()).not.toContain('システムメンテナンスのお知らせ');
    t.portal.clock.set('2026-04-02T00:00:00Z'); // 09:00 on 2 April in Japan
    expect(await titles()).toEqual(['システムメンテナンスのお知らせ', '窓口の受付時間を変更します']);
    t.portal.clock.set('2026-04-03T00:00:00Z');
    expect(await titles()).toEqual(['窓口の受付時間を変更します']);
  });

  it('lists every announcement, newest first, with its window and state (ended ones too)', async () => {
    const res = await create({
      titleJa: '年度末の受付について',
      bodyJa: '3月末の受付は終了しました。',
      publishFrom: '2026-03-01T09:00',
      publishUntil: '2026-03-31T17:00',
    });
    expect(res.status).toBe(303);
    expect(await topPage('ja')).not.toContainEqual(['ja', '年度末の受付について']);
    const list = await officer.get('/announcements?lng=ja');
    const states = [...list.text.matchAll(/<tr data-id="\d+" data-state="(\w+)">/g)].map((m) => m[1]);
    expect(states).toEqual(['scheduled', 'published', 'ended']);
    expect(list.text).toContain('掲載予定');
    expect(list.text).toContain('掲載終了');
    expect(list.text).toContain('2026年3月31日 17:00');
    expect(list.text).toContain('定めなし');
    expect(list.text).toMatch(/<span lang="en">English<\/span>/);
  });

  it('refuses an end before the start, a missing Japanese text and half a translation, keeping the input', async () => {
    const before = await count();
    const res = await create({
      titleJa: '受付終了のお知らせ',
      bodyJa: '本文',
      publishFrom: '2026-04-10T09:00',
      publishUntil: '2026-04-10T08:59',
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="publishUntil-error"');
    expect(res.text).toContain('value="受付終了のお知らせ"');
    expect(res.text).toContain('value="2026-04-10T08:59"');

    const half = await create({ titleJa: '', bodyJa: '本文', titleEs: 'Aviso', bodyEs: '' });
    expect(half.status).toBe(422);
    expect(half.text).toContain('id="titleJa-error"');
    expect(half.text).toContain('id="bodyEs-error"');
    expect(half.text).not.toContain('id="titleEs-error"');
    expect(half.text).toContain('value="Aviso"');

    const id = await idOf('窓口の受付時間を変更します');
    const badEdit = await edit(id, { publishFrom: '2026-04-01T09:00', publishUntil: '2026-04-01T09:00' });
    expect(badEdit.status).toBe(422);
    expect(badEdit.text).toContain('id="publishUntil-error"');
    expect(await count()).toBe(before);
    expect(
      (
        await queryRows<{ until: Date | null }>(db, `SELECT publish_until AS until FROM announcement WHERE id = $1`, [
          id,
        ])
      )[0].until,
    ).toBeNull();
  });

  it('404 for an unknown announcement', async () => {
    expect((await officer.get('/announcements/999999/edit')).status).toBe(404);
    expect((await officer.get('/announcements/abc/edit')).status).toBe(404);
  });

  it('writes every create and update to the audit log with the officer as actor', async () => {
    const rows = await queryRows<{ event: string; actor: string; id: string }>(
      db,
      `SELECT event, actor, details->>'announcementId' AS id FROM audit_log
        WHERE event LIKE 'announcement.%' ORDER BY id`,
    );
    const first = String(await idOf('窓口の受付時間を変更します'));
    const second = String(await idOf('システムメンテナンスのお知らせ'));
    const third = String(await idOf('年度末の受付について'));
    expect(rows).toEqual([
      { event: 'announcement.created', actor: `officer:${officerId}`, id: first },
      { event: 'announcement.updated', actor: `officer:${officerId}`, id: first },
      { event: 'announcement.created', actor: `officer:${officerId}`, id: second },
      { event: 'announcement.created', actor: `officer:${officerId}`, id: third },
    ]);
  });

  it('links the section from the console home', async () => {
    expect((await officer.get('/?lng=ja')).text).toContain('href="/announcements"');
  });
});
