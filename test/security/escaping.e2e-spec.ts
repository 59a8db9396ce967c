import { DataSource } from 'typeorm';
import { AnnouncementsService } from '@app/announcements';
import { queryRows } from '@app/platform';
import { csrfOf } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, startPortal, testConfig } from '../support/apps';
import { loggedInAgent, loggedInOfficer, makeCoe, makeOfficer, makeUser } from '../support/factories';
import { createTestDatabase } from '../support/test-postgres';
import type { NestExpressApplication } from '@nestjs/platform-express';

const SCRIPT = '<script>alert("x")</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const SQL = "'; DROP TABLE app_user; --";
const HOSTILE = [SCRIPT, IMG, SQL];

/** How Handlebars writes them into a page (the test agent reads &#x3D; back as "="). */
const escaped = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

describe('names and texts with markup or SQL are shown escaped wherever they appear (issue 10, item 14)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let portal: Running<NestExpressApplication>;
  let office: Running<NestExpressApplication>;

  beforeAll(async () => {
    db = await createTestDatabase();
    portal = await startPortal(testConfig(db.url, FAST_ACCOUNTS));
    office = await startOffice(testConfig(db.url, FAST_ACCOUNTS), portal.clock);
  });
  afterAll(async () => {
    await portal?.close();
    await office?.close();
    await db?.drop();
  });

  it('escapes them on every page of portal and office that shows the user, the certificate or the notice', async () => {
    // The English name itself cannot hold them (the form and a CHECK constraint allow A–Z only): the
    // organization, the certificate holder, the officer's name, the address and the notice can.
    const user = await makeUser(portal, { category: 'institution_staff', organizationName: `${IMG} ${SQL}` });
    const coe = await makeCoe(portal, user, { holderNameEn: `${SCRIPT} ${SQL}`, firstMailedAt: portal.clock.now() });
    const notice = await portal.app
      .get(AnnouncementsService)
      .create({ title: { ja: SCRIPT }, body: { ja: `${IMG} ${SQL}` }, publishFrom: portal.clock.now() }, 'test');
    const officer = await loggedInOfficer(office, await makeOfficer(office, { name: `${SCRIPT} ${SQL}` }));

    // Approved through the office's own form, with markup in the free-text address.
    const page = await officer.get(`/users/${user.loginId}`);
    const approved = await officer.post(`/users/${user.loginId}/approve`, {
      _csrf: csrfOf(page.text),
      gender: 'male',
      dateOfBirth: '1990-02-03',
      postalCode: '530-0001',
      address: `大阪府大阪市北区梅田1-1 ${SCRIPT}`,
    });
    expect(approved.status).toBe(303);

    const applicant = await loggedInAgent(portal, user);
    const pages = {
      office: [
        `/users?q=${user.loginId}`,
        `/users/${user.loginId}`,
        `/coes?q=${coe.number}&status=all`,
        `/coes/${coe.number}`,
        '/announcements',
        `/announcements/${notice.id}/edit`,
      ],
      portal: ['/mypage/profile', '/', `/announcements/${notice.id}`],
    };
    const problems: string[] = [];
    for (const [app, paths] of Object.entries(pages)) {
      const agent = app === 'office' ? officer : applicant;
      for (const path of paths) {
        const res = await agent.get(path);
        if (res.status !== 200) problems.push(`${app} ${path}: status ${res.status}`);
        for (const s of HOSTILE) {
          if (s !== SQL && res.text.includes(s)) problems.push(`${app} ${path}: shows ${s} unescaped`);
        }
        if (!HOSTILE.some((s) => res.text.includes(escaped(s)))) problems.push(`${app} ${path}: shows none of them`);
      }
    }
    expect(problems).toEqual([]);
    // The SQL was stored as text, never run.
    const [{ n }] = await queryRows<{ n: number }>(
      portal.app.get(DataSource),
      'SELECT count(*)::int AS n FROM app_user',
    );
    expect(n).toBeGreaterThan(0);
  });
});
