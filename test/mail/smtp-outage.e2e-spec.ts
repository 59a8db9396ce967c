import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { ApiKeysService, CoeModule, ReminderSweep } from '@app/coe';
import { CLAIM_LEASE_MS, MailDispatcher, MailTransport, smtpTransport } from '@app/mail';
import { Clock, PlatformModule, queryRows } from '@app/platform';
import { csrfOf, submit, uniqueEmail } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, testConfig, usePortal } from '../support/apps';
import { API_ISSUE_BODY } from '../support/coe-api';
import { makeCoes, makeUser } from '../support/factories';
import { freePort } from '../support/free-port';
import { Agent } from '../support/http';
import { MailCatcher, mailsTo, startMailCatcher } from '../support/mail-catcher';

const DAY = 24 * 3600_000;

/**
 * Every kind of mail that people depend on, queued while the mail server is down: none is lost, each
 * arrives exactly once when the server is back (SPEC: the outbox is the only way mail leaves).
 */
describe('an SMTP outage, for every kind of mail', () => {
  const t = usePortal();
  const clock = () => t.portal.clock;
  let office: Running<NestExpressApplication>;
  let worker: INestApplicationContext;
  let catcher: MailCatcher | undefined;
  let ports: { smtp: number; web: number };
  const dir = join(__dirname, '../../.data/test', `maildev-smtp-outage-${process.pid}`);

  beforeAll(async () => {
    ports = { smtp: await freePort(), web: await freePort() };
    office = await startOffice(testConfig(t.dbUrl, FAST_ACCOUNTS), t.portal.clock);
    // The worker shares the portal's clock, so that retries fall due when the test moves time on.
    const ref = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({
          config: testConfig(t.dbUrl, { ...FAST_ACCOUNTS, SMTP_URL: `smtp://127.0.0.1:${ports.smtp}` }),
        }),
        CoeModule,
      ],
    })
      .overrideProvider(Clock)
      .useValue(t.portal.clock)
      .compile();
    ref.useLogger(false);
    worker = await ref.init();
  });
  afterAll(async () => {
    await worker?.close();
    await office?.close();
    await catcher?.stop();
  });

  const dispatch = () => worker.get(MailDispatcher).flush();
  const rowsTo = (to: string) =>
    queryRows<{ template: string; status: string }>(
      t.portal.app.get(DataSource),
      `SELECT template, status FROM mail_outbox WHERE to_address = $1 ORDER BY created_at`,
      [to],
    );

  /** Each kind: what a person does, and the address its one mail goes to. */
  const KINDS: [string, string, () => Promise<string>][] = [
    [
      'registration',
      'accounts/register-link',
      async () => {
        const email = uniqueEmail('smtp-register');
        const agent = new Agent(t.portal.url);
        const terms = await agent.get('/register?lng=en');
        await agent.post('/register', { _csrf: csrfOf(terms.text), agree: '1' });
        const sent = await submit(agent, '/register/email', '/register/email', { email, emailConfirm: email });
        expect(sent.status).toBe(303);
        return email;
      },
    ],
    [
      'password reset',
      'accounts/reset-link',
      async () => {
        const { loginId, email } = await makeUser(t.portal, { email: uniqueEmail('smtp-reset') });
        const r = await submit(new Agent(t.portal.url), '/forgot-password', '/forgot-password', {
          userId: loginId,
          email,
        });
        expect(r.status).toBe(200);
        return email;
      },
    ],
    [
      'account lock',
      'auth/locked',
      async () => {
        const { loginId, email } = await makeUser(t.portal, { email: uniqueEmail('smtp-lock') });
        for (let i = 0; i < 5; i++) {
          await submit(new Agent(t.portal.url), '/login', '/login', { userId: loginId, password: 'wrong-password-1' });
        }
        return email;
      },
    ],
    [
      'certificate issued',
      'coe/issued',
      async () => {
        const { loginId, email } = await makeUser(t.portal, { lng: 'en', email: uniqueEmail('smtp-coe') });
        const { key } = await office.app.get(ApiKeysService).create(`smtp-outage-${loginId}`, 'test');
        const res = await fetch(`${office.url}/api/v1/coes`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ ...API_ISSUE_BODY, recipientUserId: loginId }),
        });
        expect(res.status).toBe(201);
        return email;
      },
    ],
    [
      'certificate reminder',
      'coe/reminder',
      async () => {
        const user = await makeUser(t.portal, { lng: 'en', email: uniqueEmail('smtp-reminder') });
        const issued = new Date(clock().now().getTime() - 7 * DAY);
        await makeCoes(t.portal, user, 1, { issuedAt: issued, firstMailedAt: issued });
        expect((await worker.get(ReminderSweep).run()).queued).toBe(1);
        return user.email;
      },
    ],
  ];

  it.each(KINDS)(
    'queues the %s mail while SMTP is down and delivers it once when it is back',
    async (_, template, act) => {
      await catcher?.stop();
      catcher = undefined;
      const to = await act();
      expect(await rowsTo(to)).toEqual([{ template, status: 'pending' }]);

      const down = await dispatch();
      expect(down.sent).toBe(0);
      expect(down.failed).toBeGreaterThanOrEqual(1);
      expect(await rowsTo(to)).toEqual([{ template, status: 'pending' }]);

      catcher = await startMailCatcher(dir, ports);
      clock().advance(60_000);
      await dispatch();
      await dispatch();
      expect(await rowsTo(to)).toEqual([{ template, status: 'sent' }]);
      expect(await mailsTo(to, catcher.apiUrl)).toHaveLength(1);
    },
  );

  it('resends a mail whose worker died between SMTP and the outbox only after the lease, and only once', async () => {
    catcher ??= await startMailCatcher(dir, ports);
    const { loginId, email } = await makeUser(t.portal, { email: uniqueEmail('smtp-killed') });
    await submit(new Agent(t.portal.url), '/forgot-password', '/forgot-password', { userId: loginId, email });
    // A worker that hands the mail to SMTP and is killed before it can record that it was sent.
    const real = smtpTransport(`smtp://127.0.0.1:${ports.smtp}`);
    const dying: MailTransport = {
      verify: () => real.verify(),
      send: async (mail) => {
        await real.send(mail);
        return new Promise(() => undefined);
      },
      close: () => real.close(),
    };
    const ref = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ config: testConfig(t.dbUrl, FAST_ACCOUNTS) }), CoeModule],
    })
      .overrideProvider(Clock)
      .useValue(t.portal.clock)
      .compile();
    ref.useLogger(false);
    const doomed = await ref.init();
    doomed.get(MailDispatcher).useTransport(dying);
    void doomed.get(MailDispatcher).dispatchDue();
    for (let i = 0; i < 200 && (await mailsTo(email, catcher.apiUrl)).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await mailsTo(email, catcher.apiUrl)).toHaveLength(1);
    expect(await rowsTo(email)).toEqual([{ template: 'accounts/reset-link', status: 'sending' }]);

    // Another worker leaves it alone while the lease runs, then sends it again, once.
    await dispatch();
    clock().advance(CLAIM_LEASE_MS - 1);
    await dispatch();
    expect(await mailsTo(email, catcher.apiUrl)).toHaveLength(1);
    clock().advance(1);
    await dispatch();
    clock().advance(CLAIM_LEASE_MS);
    await dispatch();
    expect(await mailsTo(email, catcher.apiUrl)).toHaveLength(2);
    expect(await rowsTo(email)).toEqual([{ template: 'accounts/reset-link', status: 'sent' }]);
    real.close();
    await doomed.close();
  });
});
