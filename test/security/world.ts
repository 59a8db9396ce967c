import type { NestExpressApplication } from '@nestjs/platform-express';
import { AnnouncementsService } from '@app/announcements';
import { ApiKeysService, Coe } from '@app/coe';
import { csrfOf, GOOD_PASSWORD, linkIn, submit, uniqueEmail, waitForMail } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, startPortal, testConfig } from '../support/apps';
import {
  loggedInAgent,
  loggedInOfficer,
  makeCoe,
  makeOfficer,
  makeUser,
  TestOfficer,
  TestUser,
} from '../support/factories';
import { Agent } from '../support/http';
import { flushMail, startRegistration } from '../support/portal-flows';
import { fillPath, Route, routesOf } from '../support/routes';
import { createTestDatabase } from '../support/test-postgres';
import { applicationsWorld } from './world-applications';

/**
 * Both apps on one database with one of everything a route can name (a user with a certificate, an
 * officer, an announcement, an API key, the user's drafts and applications in each status a form needs:
 * world-applications.ts), and live links of each mailed kind, so every listed route can be called with
 * plausible parameters.
 */
export interface World {
  dbUrl: string;
  portal: Running<NestExpressApplication>;
  office: Running<NestExpressApplication>;
  user: TestUser;
  officer: TestOfficer;
  coe: Coe;
  apiKey: string;
  /** Values for the `:params` of each app's routes (`pathOf` also applies the per-route ones). */
  params: { portal: Record<string, string>; office: Record<string, string> };
  /** A route's path with its params filled, those of the longest route prefix that names them first. */
  pathOf(app: 'portal' | 'office', routePath: string): string;
  /** More pages to read for forms: those a form shows on only for a record in some status. */
  pages: { portal: string[]; office: string[] };
  /** Query strings that make a GET plausible (a live token, a filter), by app and path. */
  queries: { portal: Record<string, string>; office: Record<string, string> };
  routes: { portal: Route[]; office: Route[] };
  userAgent(): Promise<Agent>;
  officerAgent(): Promise<Agent>;
  close(): Promise<void>;
}

const mailedLink = async (portal: Running<NestExpressApplication>, to: string, path: string, count = 1) => {
  await flushMail(portal);
  const mails = await waitForMail(to, count);
  return linkIn(mails[count - 1], path);
};

const tokenOf = (link: string) => new URL(link, 'http://x').searchParams.get('token')!;

export async function startWorld(env: NodeJS.ProcessEnv = {}): Promise<World> {
  const db = await createTestDatabase();
  const config = testConfig(db.url, { ...FAST_ACCOUNTS, ...env });
  const portal = await startPortal(config);
  const office = await startOffice(config, portal.clock);
  const user = await makeUser(portal, { approvedAt: portal.clock.now() });
  const officer = await makeOfficer(office);
  const coe = await makeCoe(portal, user, { firstMailedAt: portal.clock.now() });
  const announcement = await portal.app
    .get(AnnouncementsService)
    .create({ title: { ja: 'お知らせ' }, body: { ja: '本文' }, publishFrom: portal.clock.now() }, 'test');
  const { key: apiKey } = await office.app.get(ApiKeysService).create('attacks', 'test');

  const registration = await startRegistration(portal, uniqueEmail('attack-register'));
  const forgot = new Agent(portal.url);
  await submit(forgot, '/forgot-password', '/forgot-password', { userId: user.loginId, email: user.email });
  const reset = await mailedLink(portal, user.email, '/reset-password?token=');
  const newEmail = uniqueEmail('attack-change');
  const changer = await loggedInAgent(portal, user);
  const page = await changer.get('/mypage/email');
  await changer.post('/mypage/email', {
    _csrf: csrfOf(page.text),
    email: newEmail,
    emailConfirm: newEmail,
    currentPassword: GOOD_PASSWORD,
  });
  const change = await mailedLink(portal, newEmail, '/mypage/email/verify?token=');
  const applications = await applicationsWorld(portal, user, officer);
  const params = {
    portal: {
      id: String(announcement.id),
      number: coe.number,
      code: coe.verificationCode,
      documentId: '00000000-0000-4000-8000-000000000000',
    },
    office: { id: String(announcement.id), number: coe.number, loginId: user.loginId },
  };
  const pathOf = (app: 'portal' | 'office', routePath: string) => {
    const byRoute = Object.entries(applications.params[app])
      .filter(([prefix]) => routePath === prefix || routePath.startsWith(`${prefix}/`))
      .sort(([a], [b]) => a.length - b.length)
      .map(([, values]) => values);
    return fillPath(routePath, Object.assign({}, params[app], ...byRoute) as Record<string, string>);
  };

  return {
    dbUrl: db.url,
    portal,
    office,
    user,
    officer,
    coe,
    apiKey,
    params,
    pathOf,
    pages: applications.pages,
    queries: {
      portal: {
        '/register/verify': `token=${tokenOf(registration.link)}`,
        '/reset-password': `token=${tokenOf(reset)}`,
        '/mypage/email/verify': `token=${tokenOf(change)}`,
        '/receipts': `page=1&size=20&coe=${coe.number}`,
        '/announcements': 'page=1',
        '/applications/new': 'procedure=extension',
      },
      office: {
        '/coes': `q=${coe.number}&status=all&page=1`,
        '/coes.csv': `q=${coe.number}&status=all`,
        '/users': `q=${user.loginId}&page=1`,
        '/api/v1/coes': 'status=unregistered&page=1',
        '/announcements': 'page=1',
      },
    },
    routes: { portal: routesOf(portal.app), office: routesOf(office.app) },
    userAgent: () => loggedInAgent(portal, user),
    // A TOTP code is good once: each login takes the next time step.
    officerAgent: () => {
      office.clock.set(new Date(office.clock.now().getTime() + 30_000));
      return loggedInOfficer(office, officer);
    },
    close: async () => {
      await portal.close();
      await office.close();
      await db.drop();
    },
  };
}
