import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { queryRows } from '@app/platform';
import { csrfOf, GOOD_PASSWORD, submit, uniqueEmail, waitForMail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { Agent, htmlLang } from '../support/http';
import { makeUser } from '../support/factories';
import { flushMail, registerUser, startRegistration } from '../support/portal-flows';

const mailText = (lng: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../locales', lng, 'mail.json'), 'utf8')) as {
    accounts: Record<string, { subject: string }>;
  };

describe('user registration (SPEC §1) over HTTP with real mail', () => {
  const t = usePortal();

  it.each([
    ['foreign_national', 'vi'],
    ['institution_staff', 'ja'],
    ['lawyer', 'en'],
    ['legal_representative', 'tl'],
  ])('registers a %s in %s, with both e-mails in that language', async (category, lng) => {
    const email = uniqueEmail(category);
    const { loginId, complete } = await registerUser(t.portal, email, { category, lng });
    expect(htmlLang(complete.text)).toBe(lng);
    const mails = await waitForMail(email, 2);
    expect(mails.map((m) => m.subject)).toEqual([
      mailText(lng).accounts['register-link'].subject,
      mailText(lng).accounts.registered.subject,
    ]);
    expect(mails[1].text).toContain(loginId);
    expect(mails[1].html).toContain(`<html lang="${lng}">`);
    const [row] = await queryRows<{ category: string; lng: string; legacy: boolean; password_hash: string }>(
      t.portal.app.get(DataSource),
      `SELECT category, lng, legacy, password_hash FROM app_user WHERE login_id = $1`,
      [loginId],
    );
    expect(row).toMatchObject({ category, lng, legacy: false });
    expect(row.password_hash).toMatch(/^\$2b\$04\$/);
  });

  it('answers an already registered address with the same page, and tells only that mailbox', async () => {
    const email = uniqueEmail('twice');
    await registerUser(t.portal, email);
    const again = await startRegistration(t.portal, email).catch((e: Error) => e);
    // The flow looks identical to a new address; the mailbox gets "you already have an account".
    expect(again).not.toBeInstanceOf(Error);
    const mails = await waitForMail(email, 3);
    expect(mails[2].subject).toBe(mailText('ja').accounts['register-exists'].subject);
    expect(mails[2].text).not.toMatch(/register\/verify/);
  }, 30_000);

  it('keeps the same answer for new and registered addresses, byte for byte', async () => {
    const known = uniqueEmail('known');
    await makeUser(t.portal, { email: known });
    const answers = [];
    for (const email of [known, uniqueEmail('fresh')]) {
      const agent = new Agent(t.portal.url);
      const terms = await agent.get('/register');
      await agent.post('/register', { _csrf: csrfOf(terms.text), agree: '1' });
      const res = await submit(agent, '/register/email', '/register/email', { email, emailConfirm: email });
      const sent = await agent.get('/register/sent');
      answers.push({ status: res.status, location: res.headers.get('location'), page: sent.text.replace(email, 'X') });
    }
    expect(answers[0]).toEqual(answers[1]);
  });

  it('marks every invalid field next to it, keeps what was typed, and saves nothing', async () => {
    const email = uniqueEmail('invalid');
    const { agent, link } = await startRegistration(t.portal, email, 'en');
    await agent.get(link);
    const res = await submit(agent, '/register/details', '/register/details', {
      category: 'lawyer',
      nameEn: 'Tanaka  Taro',
      phone: '090-1234-5678',
      password: 'short',
      passwordConfirm: 'other',
      associationName: 'Osaka',
    });
    expect(res.status).toBe(422);
    for (const field of ['nameEn', 'phone', 'password', 'passwordConfirm', 'qualification', 'registrationNumber']) {
      expect(res.text).toContain(`id="${field}-error"`);
    }
    expect(res.text).toContain('The password must have at least 10 characters.');
    expect(res.text).toContain('value="090-1234-5678"');
    expect(res.text).toContain('value="Osaka"');
    expect(res.text).not.toContain('value="short"');
    const count = await queryRows(t.portal.app.get(DataSource), `SELECT 1 FROM app_user WHERE email = $1`, [email]);
    expect(count).toHaveLength(0);
  });

  it('opens the mailed link at 23:59:59 but not at 24:00:00', async () => {
    const start = t.portal.clock.now();
    const early = await startRegistration(t.portal, uniqueEmail('early'));
    t.portal.clock.set(new Date(start.getTime() + 24 * 3600_000 - 1000));
    expect((await new Agent(t.portal.url).get(early.link)).status).toBe(303);
    t.portal.clock.set(start);

    const late = await startRegistration(t.portal, uniqueEmail('late'));
    t.portal.clock.set(new Date(start.getTime() + 24 * 3600_000));
    try {
      const res = await new Agent(t.portal.url).get(late.link);
      expect(res.status).toBe(410);
      expect(res.text).toContain('href="/register"');
    } finally {
      t.portal.clock.set(start);
    }
  });

  it('refuses the link once it has been used, and re-posting 登録する changes nothing', async () => {
    const email = uniqueEmail('once');
    const { loginId, agent } = await registerUser(t.portal, email);
    const mails = await waitForMail(email, 2);
    const link = /\/register\/verify\?token=[^\s"<]+/.exec(mails[0].text)![0];
    expect((await new Agent(t.portal.url).get(link)).status).toBe(410);

    // The back button to the confirmation page, then 登録する again.
    const back = await agent.get('/register/confirm');
    expect(back.headers.get('location')).toBe('/register/complete');
    const repost = await agent.post('/register/confirm', { _csrf: csrfOf((await agent.get('/register')).text) });
    expect(repost.headers.get('location')).toBe('/register/complete');
    const rows = await queryRows(t.portal.app.get(DataSource), `SELECT login_id FROM app_user WHERE email = $1`, [
      email,
    ]);
    expect(rows).toEqual([{ login_id: loginId }]);
  });

  it('lets two tabs with the same link register only once', async () => {
    const email = uniqueEmail('tabs');
    const { link } = await startRegistration(t.portal, email);
    const tabs = [new Agent(t.portal.url), new Agent(t.portal.url)];
    for (const tab of tabs) {
      await tab.get(link);
      await submit(tab, '/register/details', '/register/details', {
        category: 'foreign_national',
        nameEn: 'SATO HANAKO',
        phone: '0312345678',
        password: GOOD_PASSWORD,
        passwordConfirm: GOOD_PASSWORD,
      });
    }
    const results = await Promise.all(
      tabs.map(async (tab) =>
        tab.post('/register/confirm', { _csrf: csrfOf((await tab.get('/register/confirm')).text) }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([303, 410]);
    const rows = await queryRows(t.portal.app.get(DataSource), `SELECT 1 FROM app_user WHERE email = $1`, [email]);
    expect(rows).toHaveLength(1);
  });

  it('shows a friendly page, not an error, for steps reached out of order', async () => {
    const agent = new Agent(t.portal.url);
    expect((await agent.get('/register/email')).headers.get('location')).toBe('/register');
    for (const path of ['/register/details', '/register/confirm', '/register/complete']) {
      const res = await agent.get(`${path}?lng=es`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('href="/register"');
    }
    expect((await agent.get('/register/verify?token=nonsense')).status).toBe(410);
  });

  it('says on the terms page, in every language, that the Japanese text prevails', async () => {
    for (const lng of ['ja', 'en', 'vi']) {
      const common = JSON.parse(readFileSync(join(__dirname, '../../locales', lng, 'common.json'), 'utf8')) as {
        register: { terms: { japanesePrevails: string } };
      };
      expect((await new Agent(t.portal.url).get(`/register?lng=${lng}`)).text).toContain(
        common.register.terms.japanesePrevails,
      );
    }
  });

  it('requires agreeing to the terms', async () => {
    const agent = new Agent(t.portal.url);
    const terms = await agent.get('/register?lng=ko');
    const res = await agent.post('/register', { _csrf: csrfOf(terms.text) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="agree-error"');
  });

  it('writes the registration to the audit log', async () => {
    const { loginId } = await registerUser(t.portal, uniqueEmail('audit'));
    const rows = await queryRows<{ event: string }>(
      t.portal.app.get(DataSource),
      `SELECT a.event FROM audit_log a JOIN app_user u ON u.id = a.user_id WHERE u.login_id = $1`,
      [loginId],
    );
    expect(rows.map((r) => r.event)).toContain('registration.completed');
    await flushMail(t.portal);
  });
});
