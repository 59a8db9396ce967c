import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/platform';
import { csrfOf, uniqueEmail } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, testConfig, usePortal } from '../support/apps';
import { loggedInAgent, loggedInOfficer, makeOfficer, makeUser } from '../support/factories';
import { Agent } from '../support/http';

interface UserRow {
  gender: string | null;
  date_of_birth: string | null;
  postal_code: string | null;
  address: string | null;
  approved_at: Date | null;
}

describe('office console: users — search, details, approval of 利用申出 (SPEC §4, §6)', () => {
  const t = usePortal();
  let office: Running<NestExpressApplication>;
  let db: DataSource;
  let officer: Agent;
  let officerId: string;
  let applicant: { loginId: string; email: string; agent: Agent };
  let other: { loginId: string; email: string };

  const rowsIn = (html: string) => [...html.matchAll(/<tr data-user-id="([^"]+)"/g)].map((m) => m[1]);
  const userRow = async (loginId: string) =>
    (
      await queryRows<UserRow>(
        db,
        `SELECT gender, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, postal_code, address, approved_at
           FROM app_user WHERE login_id = $1`,
        [loginId],
      )
    )[0];
  const approvals = (loginId: string) =>
    queryRows<{ actor: string; at: Date }>(
      db,
      `SELECT a.actor, a.at FROM audit_log a JOIN app_user u ON u.id = a.user_id
        WHERE a.event = 'account.approved' AND u.login_id = $1 ORDER BY a.id`,
      [loginId],
    );
  const approve = async (loginId: string, form: Record<string, string>) => {
    const page = await officer.get(`/users/${loginId}`);
    return officer.post(`/users/${loginId}/approve`, { _csrf: csrfOf(page.text), ...form });
  };

  beforeAll(async () => {
    office = await startOffice(testConfig(t.dbUrl, FAST_ACCOUNTS));
    db = office.app.get(DataSource);
    const o = await makeOfficer(office, { label: 'users' });
    officerId = o.loginId;
    officer = await loggedInOfficer(office, o);

    const user = await makeUser(t.portal, { email: uniqueEmail('Approve.Me'), nameEn: 'NGUYEN THI MAI' });
    applicant = { loginId: user.loginId, email: user.email, agent: await loggedInAgent(t.portal, user) };
    const otherEmail = uniqueEmail('someone');
    other = {
      loginId: (await makeUser(t.portal, { email: otherEmail, nameEn: 'NGUYEN VAN BINH', category: 'lawyer' })).loginId,
      email: otherEmail,
    };
  });
  afterAll(() => office?.close());

  it('is for officers only: visitors are sent to the office login', async () => {
    const visitor = new Agent(office.url);
    for (const path of ['/users', `/users/${applicant.loginId}`, '/users?q=NGUYEN']) {
      const res = await visitor.get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/login?returnTo=${encodeURIComponent(path)}`);
    }
    // An applicant's portal login is no officer login either.
    const withPortalCookie = await fetch(`${office.url}/users`, {
      headers: { accept: 'text/html', cookie: `ro.sid=${applicant.agent.cookie('ro.sid') ?? ''}` },
      redirect: 'manual',
    });
    expect(withPortalCookie.headers.get('location')).toBe('/login?returnTo=%2Fusers');
  });

  it('lists users and finds one by user ID, e-mail or English name, by their start', async () => {
    const all = await officer.get('/users?lng=ja');
    expect(all.status).toBe(200);
    expect(rowsIn(all.text).sort()).toEqual([applicant.loginId, other.loginId].sort());
    expect(all.text).toContain('外国人本人');
    expect(all.text).toContain('弁護士・行政書士');
    expect(all.text).toContain('未承認');

    const search = async (q: string) => rowsIn((await officer.get(`/users?q=${encodeURIComponent(q)}`)).text);
    expect(await search(applicant.loginId)).toEqual([applicant.loginId]);
    expect(await search(applicant.loginId.slice(0, 6).toLowerCase())).toContain(applicant.loginId);
    expect(await search(applicant.email.toUpperCase())).toEqual([applicant.loginId]);
    expect(await search('approve.me-')).toEqual([applicant.loginId]);
    expect(await search('nguyen thi')).toEqual([applicant.loginId]);
    expect((await search('NGUYEN')).sort()).toEqual([applicant.loginId, other.loginId].sort());
    expect(await search('MAI')).toEqual([]);
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    const none = await officer.get('/users?q=NOBODY&lng=en');
    expect(none.text).toContain('No users match.');
    expect(none.text).toContain('value="NOBODY"');
  });

  it('shows the details as 利用者詳細 does, empty ones marked, and 404 for an unknown user ID', async () => {
    const page = await officer.get(`/users/${applicant.loginId}?lng=ja`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('NGUYEN THI MAI');
    expect(page.text).toContain(applicant.email);
    expect(page.text).toContain('09012345678');
    // gender, date of birth, postal code, address
    expect(page.text.match(/<span class="empty">未登録<\/span>/g)).toHaveLength(4);
    expect(page.text).toContain('id="approve"');
    expect((await officer.get('/users/NOSUCHUSER2')).status).toBe(404);
    expect((await officer.get(`/users/${applicant.loginId.toLowerCase()}`)).status).toBe(200);
  });

  it('refuses bad details next to each field, keeps the input and changes nothing', async () => {
    const res = await approve(applicant.loginId, {
      dateOfBirth: '2026-04-02', // tomorrow by the office clock (Japan time)
      postalCode: '12345',
      address: '  ',
    });
    expect(res.status).toBe(422);
    for (const field of ['gender', 'dateOfBirth', 'postalCode', 'address']) {
      expect(res.text).toContain(`id="${field}-error"`);
    }
    expect(res.text).toContain('class="error-summary"');
    expect(res.text).toContain('value="2026-04-02"');
    expect(res.text).toContain('value="12345"');

    const unreal = await approve(applicant.loginId, {
      gender: 'male',
      dateOfBirth: '1990-02-30',
      postalCode: '530-0001',
      address: '大阪府大阪市北区梅田1-1',
    });
    expect(unreal.status).toBe(422);
    expect(unreal.text).toContain('id="dateOfBirth-error"');
    expect(unreal.text).not.toContain('id="postalCode-error"');
    expect(unreal.text).toMatch(/value="male" checked/);

    expect(await userRow(applicant.loginId)).toEqual({
      gender: null,
      date_of_birth: null,
      postal_code: null,
      address: null,
      approved_at: null,
    });
    expect(await approvals(applicant.loginId)).toEqual([]);
    expect((await applicant.agent.get('/mypage/profile/edit')).text).not.toContain('name="postalCode"');
  });

  it('approves: records the details and the time, audits it, and the applicant may now change the address', async () => {
    const res = await approve(applicant.loginId, {
      gender: 'female',
      dateOfBirth: '1990-05-06',
      postalCode: '５３０－０００１',
      address: '大阪府大阪市北区梅田1-1',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/users/${applicant.loginId}?approved=1`);
    expect(await userRow(applicant.loginId)).toEqual({
      gender: 'female',
      date_of_birth: '1990-05-06',
      postal_code: '5300001',
      address: '大阪府大阪市北区梅田1-1',
      approved_at: office.clock.now(),
    });
    const audit = await approvals(applicant.loginId);
    expect(audit.map((a) => a.actor)).toEqual([`officer:${officerId}`]);

    const shown = await officer.get(`${res.headers.get('location')}&lng=ja`);
    expect(shown.text).toContain('id="approved-notice"');
    expect(shown.text).toContain('530-0001');
    expect(shown.text).toContain('1990年5月6日');
    expect(shown.text).not.toContain('class="empty"');
    expect(shown.text).toContain('承認内容を更新する');
    expect((await officer.get(`/users?q=${applicant.loginId}&lng=ja`)).text).toContain('承認済');

    const edit = await applicant.agent.get('/mypage/profile/edit');
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('name="postalCode"');
    expect(edit.text).toContain('value="5300001"');
    expect(edit.text).toContain('name="address"');
    expect((await applicant.agent.get('/mypage/profile?lng=en')).text).toContain('Female');
  });

  it('approving again updates the recorded details', async () => {
    office.clock.advance(3600_000);
    const res = await approve(applicant.loginId, {
      gender: 'female',
      dateOfBirth: '1990-05-07',
      postalCode: '1000014',
      address: '東京都千代田区永田町1-7-1',
    });
    expect(res.status).toBe(303);
    expect(await userRow(applicant.loginId)).toMatchObject({
      date_of_birth: '1990-05-07',
      postal_code: '1000014',
      address: '東京都千代田区永田町1-7-1',
      approved_at: office.clock.now(),
    });
    expect(await approvals(applicant.loginId)).toHaveLength(2);
    expect((await applicant.agent.get('/mypage/profile/edit')).text).toContain('value="1000014"');
  });

  it('does not approve an unknown user', async () => {
    const page = await officer.get(`/users/${applicant.loginId}`);
    const res = await officer.post('/users/NOSUCHUSER2/approve', {
      _csrf: csrfOf(page.text),
      gender: 'male',
      dateOfBirth: '1990-01-01',
      postalCode: '1000014',
      address: '東京都',
    });
    expect(res.status).toBe(404);
  });

  it('links the section from the console home', async () => {
    expect((await officer.get('/?lng=ja')).text).toContain('href="/users"');
  });
});
