import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/platform';
import { csrfOf, uniqueEmail } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, testConfig, usePortal } from '../support/apps';
import { loggedInAgent, loggedInOfficer, makeCoe, makeOfficer, makeUser } from '../support/factories';
import { Agent } from '../support/http';
import { passwordStep } from '../office/officer-flows';

const CROSS_SITE = { 'sec-fetch-site': 'cross-site' };

describe('pages behind a login are never cached; only our own site picks the mail language', () => {
  const t = usePortal();
  let office: Running<NestExpressApplication>;
  beforeAll(async () => {
    office = await startOffice(testConfig(t.dbUrl, FAST_ACCOUNTS));
  });
  afterAll(() => office?.close());

  const profileLng = async (loginId: string) =>
    (
      await queryRows<{ lng: string }>(t.portal.app.get(DataSource), `SELECT lng FROM app_user WHERE login_id = $1`, [
        loginId,
      ])
    )[0].lng;

  it('sends Cache-Control: no-store on portal pages of a logged-in user, and not on public pages', async () => {
    const user = await makeUser(t.portal, { email: uniqueEmail('nostore') });
    const coe = await makeCoe(t.portal, user);
    const anonymous = new Agent(t.portal.url);
    for (const path of ['/', '/login', '/register', '/contact']) {
      const res = await anonymous.get(path);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, null]);
    }
    const agent = await loggedInAgent(t.portal, user);
    for (const path of [
      '/mypage',
      '/mypage/profile',
      '/mypage/password',
      '/receipts',
      `/receipts/${coe.number}`,
      '/',
    ]) {
      const res = await agent.get(path);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-store']);
    }
  });

  it('sends Cache-Control: no-store on console pages, the CSV export and a half-way officer login', async () => {
    const anonymous = await new Agent(office.url).get('/login');
    expect(anonymous.headers.get('cache-control')).toBeNull();

    const officer = await makeOfficer(office, { label: 'nostore' });
    const halfway = new Agent(office.url);
    expect((await passwordStep(halfway, officer.loginId, officer.password)).status).toBe(303);
    expect((await halfway.get('/totp')).headers.get('cache-control')).toBe('no-store');

    const agent = await loggedInOfficer(office, officer);
    for (const path of ['/', '/coes', '/coes/dashboard', '/users', '/announcements', '/coes.csv']) {
      const res = await agent.get(path);
      expect([path, res.status, res.headers.get('cache-control')]).toEqual([path, 200, 'no-store']);
    }
  });

  it('switches the page but not the profile for ?lng= from another site (or with no sign of our site)', async () => {
    const user = await makeUser(t.portal, { lng: 'ja', email: uniqueEmail('xsite-lng') });
    const agent = await loggedInAgent(t.portal, user);
    const cross = await agent.get('/mypage?lng=ko', CROSS_SITE);
    expect(cross.text).toContain('<html lang="ko"');
    expect(await profileLng(user.loginId)).toBe('ja');

    // A browser without Fetch Metadata: only a Referer from our own origin counts.
    const bare = { 'sec-fetch-site': '' };
    await agent.get('/mypage?lng=es', { ...bare, referer: 'https://elsewhere.example/' });
    expect(await profileLng(user.loginId)).toBe('ja');
    await agent.get('/mypage?lng=es', { ...bare, referer: `${t.portal.url}/mypage` });
    expect(await profileLng(user.loginId)).toBe('es');

    await agent.get('/mypage?lng=vi', { 'sec-fetch-site': 'same-origin' });
    expect(await profileLng(user.loginId)).toBe('vi');
  });

  it.each([
    ['same-origin', 'tl'],
    ['cross-site', 'ja'],
  ])(
    'at login, a language chosen on the device becomes the profile language only on our site (%s)',
    async (site, expected) => {
      const user = await makeUser(t.portal, { lng: 'ja', email: uniqueEmail('login-lng') });
      const agent = new Agent(t.portal.url);
      const form = await agent.get('/login?lng=tl');
      const res = await agent.request('POST', '/login', {
        form: { _csrf: csrfOf(form.text), userId: user.loginId, password: user.password },
        headers: { 'sec-fetch-site': site },
      });
      expect(res.status).toBe(303);
      expect(await profileLng(user.loginId)).toBe(expected);
    },
  );
});
