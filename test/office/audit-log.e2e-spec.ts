import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { ApiKeysService } from '@app/coe';
import { i18n, queryRows } from '@app/platform';
import { API_ISSUE_BODY } from '../support/coe-api';
import { FAST_ACCOUNTS, Running, startOffice, testConfig, usePortal } from '../support/apps';
import { loggedInOfficer, makeCoe, makeOfficer, makeUser, TestOfficer, TestUser } from '../support/factories';
import { Agent } from '../support/http';

interface Entry {
  id: string;
  event: string;
  actor: string | null;
  user_id: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

const CSV_HEADER = 'ID,日時（日本時間）,イベント,操作者,利用者ID,IPアドレス,詳細';

describe('office: audit of what officers and API clients do, and the audit-log page (issue 10 item 10)', () => {
  const t = usePortal();
  let office: Running<NestExpressApplication>;
  let db: DataSource;
  let a: TestOfficer;
  let b: TestOfficer;
  let asA: Agent;
  let asB: Agent;
  let user: TestUser;
  let other: TestUser;

  const entries = (where: string, params: unknown[] = []) =>
    queryRows<Entry>(
      db,
      `SELECT id, event, actor, user_id, ip, details FROM audit_log WHERE ${where} ORDER BY id`,
      params,
    );
  const lastOf = async (event: string) => (await entries('event = $1', [event])).at(-1);
  const idsOn = (html: string) => [...html.matchAll(/<tr data-audit-id="(\d+)"/g)].map((m) => m[1]);
  const csvLines = (text: string) =>
    text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
  const en = (key: string) => i18n().t(key, { lng: 'en' });
  const api = (authorization: string | undefined, ip: string, init: RequestInit = {}) =>
    fetch(`${office.url}/api/v1/coes`, {
      ...init,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'x-forwarded-for': ip,
        ...(authorization === undefined ? {} : { authorization }),
      },
    });

  beforeAll(async () => {
    office = await startOffice(
      testConfig(t.dbUrl, {
        ...FAST_ACCOUNTS,
        TRUST_PROXY: 'true',
        API_KEY_REJECTIONS_AUDITED_PER_HOUR: '5',
        API_KEY_REJECTIONS_AUDITED_PER_ADDRESS: '3',
      }),
    );
    db = office.app.get(DataSource);
    a = await makeOfficer(office, { label: 'audit.a' });
    b = await makeOfficer(office, { label: 'audit.b' });
    asA = await loggedInOfficer(office, a);
    asB = await loggedInOfficer(office, b);
    user = await makeUser(t.portal);
    other = await makeUser(t.portal);
  });
  afterAll(() => office?.close());

  it('is for officers only, and linked from the console menu', async () => {
    const visitor = new Agent(office.url);
    for (const path of ['/audit', '/audit.csv', '/audit?event=user.viewed']) {
      const res = await visitor.get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?returnTo=${encodeURIComponent(path)}`);
    }
    expect((await asA.get('/')).text).toContain('href="/audit"');
  });

  it("audits an officer's look at a user's details and at a certificate's details", async () => {
    expect((await asA.get(`/users/${user.loginId}`)).status).toBe(200);
    expect(await lastOf('user.viewed')).toMatchObject({
      actor: `officer:${a.loginId}`,
      user_id: user.id,
      ip: '127.0.0.1',
    });
    // A user who does not exist is nobody's details: nothing to audit.
    const before = (await entries(`event = 'user.viewed'`)).length;
    expect((await asA.get('/users/NOSUCHUSER')).status).toBe(404);
    expect(await entries(`event = 'user.viewed'`)).toHaveLength(before);

    const coe = await makeCoe(office, user);
    expect((await asB.get(`/coes/${coe.number}`)).status).toBe(200);
    expect(await lastOf('coe.viewed')).toMatchObject({
      actor: `officer:${b.loginId}`,
      user_id: user.id,
      details: { number: coe.number },
    });
  });

  it('audits the e-COE ledger CSV export with the filter used', async () => {
    const csv = await asA.get(`/coes.csv?q=${user.loginId}&status=unregistered`);
    expect(csv.status).toBe(200);
    expect(await lastOf('coe.ledger_exported')).toMatchObject({
      actor: `officer:${a.loginId}`,
      details: { q: user.loginId, status: 'unregistered' },
    });
  });

  it('audits an API issue with the key as actor, and each rejected key with its prefix only', async () => {
    const keys = office.app.get(ApiKeysService);
    const live = await keys.create('exam-system', 'test');
    const res = await api(`Bearer ${live.key}`, '10.1.0.1', {
      method: 'POST',
      body: JSON.stringify({ ...API_ISSUE_BODY, recipientUserId: other.loginId }),
    });
    expect(res.status).toBe(201);
    const { number } = (await res.json()) as { number: string };
    expect(await lastOf('coe.issued')).toMatchObject({
      actor: 'api:exam-system',
      user_id: other.id,
      ip: '10.1.0.1',
      details: { number, apiKeyId: live.id },
    });

    const revoked = await keys.create('old-system', 'test');
    await db.query(`UPDATE api_key SET revoked_at = now() WHERE id = $1`, [revoked.id]);
    const unknown = `ro_${'x'.repeat(43)}`;
    for (const [ip, authorization, reason, prefix] of [
      ['10.1.0.2', `Bearer ${unknown}`, 'unknown', unknown.slice(0, 10)],
      ['10.1.0.3', `Bearer ${revoked.key}`, 'revoked', revoked.key.slice(0, 10)],
      ['10.1.0.4', 'Bearer short', 'malformed', undefined],
      ['10.1.0.5', 'Basic dXNlcjpwYXNz', 'malformed', undefined],
    ] as const) {
      expect((await api(authorization, ip)).status).toBe(401);
      const entry = await lastOf('api.key_rejected');
      expect(entry).toMatchObject({ actor: null, ip });
      expect(entry!.details).toEqual(prefix ? { reason, prefix } : { reason });
    }
    // The secret itself is nowhere in the log; a request with no key at all is no rejected key.
    const rows = await entries(`details::text LIKE '%' || $1 || '%'`, [revoked.key.slice(10)]);
    expect(rows).toEqual([]);
    const count = (await entries(`event = 'api.key_rejected'`)).length;
    expect((await api(undefined, '10.1.0.6')).status).toBe(401);
    expect(await entries(`event = 'api.key_rejected'`)).toHaveLength(count);
  });

  it('narrows the list by officer (any case), user, event and Japan-time days', async () => {
    const audit = office.app.get(AuditService);
    const at = async (instant: string, entry: Parameters<AuditService['record']>[1]) => {
      const now = office.clock.now();
      office.clock.set(instant);
      await audit.record('profile.changed', entry);
      office.clock.set(now);
    };
    // 2026-05-09 23:30 and 2026-05-10 00:30 Japan time: one either side of midnight there (not in UTC).
    await at('2026-05-09T14:30:00Z', { actor: 'date-test', userId: other.id });
    await at('2026-05-09T15:30:00Z', { actor: 'date-test', userId: other.id });

    const byA = await asB.get(`/audit?officer=${a.loginId.toLowerCase()}`);
    expect(byA.status).toBe(200);
    expect(idsOn(byA.text).sort()).toEqual(
      (await entries('actor = $1', [`officer:${a.loginId}`])).map((e) => e.id).sort(),
    );
    expect(idsOn(byA.text).length).toBeGreaterThanOrEqual(3);
    expect(byA.text).toContain(`value="${a.loginId.toLowerCase()}"`);

    const forUser = await asA.get(`/audit?user=${user.loginId.toLowerCase()}`);
    expect(idsOn(forUser.text).sort()).toEqual((await entries('user_id = $1', [user.id])).map((e) => e.id).sort());
    expect(forUser.text).toContain(`<a href="/users/${user.loginId}">${user.loginId}</a>`);

    const viewed = await asA.get('/audit?event=user.viewed');
    expect(idsOn(viewed.text).sort()).toEqual((await entries(`event = 'user.viewed'`)).map((e) => e.id).sort());
    expect(viewed.text).toContain('<option value="user.viewed" selected>');

    const dated = await entries(`actor = 'date-test'`);
    const day9 = await asA.get('/audit?from=2026-05-09&to=2026-05-09');
    expect(idsOn(day9.text)).toEqual([dated[0].id]);
    const day10 = await asA.get('/audit?from=2026-05-10&to=2026-05-10');
    expect(idsOn(day10.text)).toEqual([dated[1].id]);
    const both = await asA.get(`/audit?user=${other.loginId}&event=profile.changed&from=2026-05-09&to=2026-05-10`);
    expect(idsOn(both.text)).toEqual([dated[1].id, dated[0].id]);
    // Nothing at all before the test's own start.
    expect(idsOn((await asA.get('/audit?to=2026-03-31')).text)).toEqual([]);
  });

  it('pages newest first in a stable order, even when many entries share one instant', async () => {
    const at = '2026-06-01T00:00:00Z';
    await db.query(
      `INSERT INTO audit_log (at, event, actor, details)
       SELECT $1, 'profile.changed', 'officer:PAGING', jsonb_build_object('n', g) FROM generate_series(1, 120) g`,
      [at],
    );
    const expected = (await entries(`actor = 'officer:PAGING'`)).map((e) => e.id).reverse();
    const pages = [];
    for (const page of [1, 2, 3]) pages.push(idsOn((await asA.get(`/audit?officer=paging&page=${page}`)).text));
    expect(pages.map((p) => p.length)).toEqual([50, 50, 20]);
    expect(pages.flat()).toEqual(expected);
    const first = await asA.get('/audit?officer=paging');
    expect(first.text).toContain('href="/audit?officer=paging&amp;page=2"');
    // A page past the end shows the last one.
    expect(idsOn((await asA.get('/audit?officer=paging&page=99')).text)).toEqual(pages[2]);
  });

  it('exports the filtered rows as CSV, defusing spreadsheet formulas, and audits the export', async () => {
    const audit = office.app.get(AuditService);
    await audit.record('login.failed', { actor: '=HYPERLINK("http://evil.example")', details: { reason: 'unknown' } });
    const res = await asB.get('/audit.csv?event=login.failed');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="audit-log.csv"');
    const lines = csvLines(res.text);
    expect(lines[0]).toBe(CSV_HEADER);
    const failed = await entries(`event = 'login.failed'`);
    expect(lines).toHaveLength(failed.length + 1);
    expect(res.text).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(await lastOf('audit.exported')).toMatchObject({
      actor: `officer:${b.loginId}`,
      details: { filter: { event: 'login.failed' } },
    });

    const mine = csvLines((await asB.get(`/audit.csv?user=${user.loginId}&event=user.viewed`)).text);
    const viewed = (await entries(`event = 'user.viewed' AND user_id = $1`, [user.id])).reverse();
    expect(mine.slice(1).map((l) => l.split(',')[0])).toEqual(viewed.map((e) => e.id));
    expect(mine[1]).toContain(`,user.viewed,officer:${a.loginId},${user.loginId},127.0.0.1,{}`);
    // Times in Japan time, to the second; English headings for programs.
    const [row] = await queryRows<{ at: Date }>(office.app.get(DataSource), 'SELECT at FROM audit_log WHERE id = $1', [
      viewed[0].id,
    ]);
    const jst = new Date(row.at.getTime() + 9 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
    expect(mine[1].split(',')[1]).toBe(jst);
    const english = csvLines((await asB.get(`/audit.csv?user=${user.loginId}&event=user.viewed&header=en`)).text);
    expect(english[0]).toBe('id,atJst,event,actor,userId,ip,details');
    expect(english.slice(1)).toEqual(mine.slice(1));
  });

  it('answers bad filters with 422 and the message next to the field, keeping the input', async () => {
    const exports = (await entries(`event = 'audit.exported'`)).length;
    for (const [query, field, key, kept] of [
      ['from=2026-02-30', 'from', 'validation.date', 'name="from" value="2026-02-30"'],
      ['to=yesterday', 'to', 'validation.date', 'name="to" value="yesterday"'],
      ['from=2026-05-10&to=2026-05-09', 'to', 'admin:validation.dateOrder', 'name="from" value="2026-05-10"'],
      ['event=no.such_event&officer=SATO', 'event', 'admin:validation.auditEvent', 'name="officer" value="SATO"'],
      ['user=NOSUCHUSER', 'user', 'admin:validation.auditUser', 'name="user" value="NOSUCHUSER"'],
    ]) {
      for (const path of ['/audit', '/audit.csv']) {
        const res = await asA.get(`${path}?${query}&lng=en`);
        expect(res.status).toBe(422);
        expect(res.text).toContain(`<ul class="field-errors" id="${field}-error"><li>${en(key)}</li></ul>`);
        expect(res.text).toContain(kept);
        expect(res.text).not.toContain('<table');
      }
    }
    expect(await entries(`event = 'audit.exported'`)).toHaveLength(exports);
    // Arrays where one value belongs count as no filter, not as a server error.
    expect((await asA.get('/audit?officer[]=x&from[a]=1')).status).toBe(200);
    const ja = await asA.get('/audit?from=2026-13-01&lng=ja');
    expect(ja.text).toContain(i18n().t('validation.date', { lng: 'ja' }));
  });

  it('bounds how many rejected keys one address, and all together, can write per hour', async () => {
    office.clock.advance(2 * 3600_000);
    const rejected = () => entries(`event = 'api.key_rejected' AND at >= $1`, [office.clock.now()]);
    for (let i = 0; i < 5; i++) await api('Bearer nope', '10.2.0.1');
    expect((await rejected()).map((e) => e.ip)).toEqual(['10.2.0.1', '10.2.0.1', '10.2.0.1']);
    for (let i = 0; i < 5; i++) await api('Bearer nope', '10.2.0.2');
    for (let i = 0; i < 5; i++) await api('Bearer nope', '10.2.0.3');
    expect((await rejected()).map((e) => e.ip)).toEqual(['10.2.0.1', '10.2.0.1', '10.2.0.1', '10.2.0.2', '10.2.0.2']);
    // Every one of them was still refused; an hour later the log takes some again.
    expect((await api('Bearer nope', '10.2.0.3')).status).toBe(401);
    office.clock.advance(3600_000 + 1);
    await api('Bearer nope', '10.2.0.3');
    expect((await rejected()).map((e) => e.ip)).toEqual(['10.2.0.3']);
  });
});
