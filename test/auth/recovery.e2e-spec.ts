import { DataSource } from 'typeorm';
import { queryRows } from '@app/platform';
import { csrfOf, GOOD_PASSWORD, linkIn, submit, uniqueEmail, waitForMail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { Agent } from '../support/http';
import { mailsTo } from '../support/mail-catcher';
import { UsersRepository } from '@app/accounts';
import { NAME_EN_MAX } from '@app/fields';
import { loggedInAgent, makeUser } from '../support/factories';
import { elementWithId, headingOf, labelOf, linksTo, textOf } from '../support/page-text';
import { emailChangeLink, flushMail, login } from '../support/portal-flows';

const HOUR = 3600_000;
const scrub = (html: string) =>
  html.replace(/name="_csrf" value="[^"]+"/g, '').replace(/<meta name="csrf-token"[^>]*>/g, '');

describe('recovery: forgot user ID, forgot password, reset (SPEC §2)', () => {
  const t0 = new Date('2026-04-01T00:00:00Z');

  const t = usePortal();
  afterEach(() => t.portal.clock.set(t0));

  it('mails the user ID when e-mail and English name match, and answers identically when they do not', async () => {
    const email = uniqueEmail('forgot-id');
    const { loginId } = await makeUser(t.portal, { email, nameEn: 'NGUYEN VAN AN', lng: 'vi' });
    const answers = [];
    for (const form of [
      { email, nameEn: 'nguyen van an' },
      { email, nameEn: 'NGUYEN VAN BINH' },
      { email: uniqueEmail('nobody'), nameEn: 'NGUYEN VAN AN' },
    ]) {
      const r = await submit(new Agent(t.portal.url), '/forgot-id?lng=vi', '/forgot-id', form);
      answers.push({ status: r.status, body: scrub(r.text) });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0].status).toBe(200);
    await flushMail(t.portal);
    const mails = await waitForMail(email);
    expect(mails).toHaveLength(1); // exactly one user-ID mail
    expect(mails[0].text).toContain(loginId);
    expect(mails[0].html).toContain('lang="vi"');
  });

  it('answers the password-reset request identically whether or not it matches', async () => {
    const email = uniqueEmail('forgot-pw');
    const { loginId } = await makeUser(t.portal, { email });
    const answers = [];
    for (const form of [
      { userId: loginId, email },
      { userId: loginId, email: uniqueEmail('other') },
      { userId: 'NOSUCHUSER', email },
    ]) {
      const r = await submit(new Agent(t.portal.url), '/forgot-password', '/forgot-password', form);
      answers.push({ status: r.status, body: scrub(r.text) });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    await flushMail(t.portal);
    expect((await mailsTo(email)).filter((m) => m.text.includes('/reset-password?token='))).toHaveLength(1);
  });

  it('shows format errors next to the fields without saying anything about accounts', async () => {
    const r = await submit(new Agent(t.portal.url), '/forgot-id?lng=en', '/forgot-id', {
      email: 'nope',
      nameEn: 'Tanaka-Taro',
    });
    expect(r.status).toBe(422);
    expect(r.text).toContain('id="email-error"');
    expect(r.text).toContain('id="nameEn-error"');
    expect(r.text).toContain('value="nope"');
  });

  describe("the manual's wording (manual 2.4, 2.5)", () => {
    const nameInput = (html: string) => /<input[^>]*id="nameEn"[^>]*>/.exec(html)?.[0] ?? '';

    it('メールアドレス入力（利用者ID通知）: the lead, the two fields, the name rule as the hint, the note and ‹ ログインへ戻る', async () => {
      const ja = (await new Agent(t.portal.url).get('/forgot-id?lng=ja')).text;
      expect(headingOf(ja)).toBe('メールアドレス入力（利用者ID通知）');
      expect(textOf(ja)).toContain(
        '登録しているメールアドレス、氏名（英字）を入力してください。入力が完了したら、アドレスに利用者IDを記載したメールを送信します。',
      );
      expect(labelOf(ja, 'email')).toBe('メールアドレスを入力してください');
      expect(labelOf(ja, 'nameEn')).toBe('氏名（英字）を入力してください');
      // The rule shown is the one nameEnField enforces, and it is read out with the field.
      expect(textOf(elementWithId(ja, 'span', 'nameEn-hint') ?? '')).toBe(
        `半角英字（大文字）、${NAME_EN_MAX}文字以内、スペース区切り`,
      );
      expect(nameInput(ja)).toContain('aria-describedby="nameEn-hint"');
      expect(nameInput(ja)).toContain(`maxlength="${NAME_EN_MAX}"`);
      expect(textOf(elementWithId(ja, 'p', 'legacy-note') ?? '')).toBe(
        '所属機関の方で、2026年1月4日までに電子届出システムの利用者情報登録がお済みの方は、氏名（英字）を登録しておりませんので、' +
          'こちらから手続を行うことはできません。2026年1月5日以降に登録された方は、登録時の担当者氏名（英字）を入力してください。',
      );
      expect(linksTo(ja, '/login')).toContain('ログインへ戻る');
      expect(elementWithId(ja, 'a', 'back-to-login')).toBe('<span aria-hidden="true">‹ </span>ログインへ戻る');
      expect(textOf(ja)).toContain('完了する');

      const zh = (await new Agent(t.portal.url).get('/forgot-id?lng=zh-Hans')).text;
      expect(textOf(elementWithId(zh, 'span', 'nameEn-hint') ?? '')).toBe(
        `半角英文字母（大写），${NAME_EN_MAX}个字符以内，以半角空格分隔`,
      );
      expect(textOf(elementWithId(zh, 'a', 'back-to-login') ?? '')).toBe('返回登录');
      expect(textOf(zh)).toContain('登记时的负责人姓名（英文字母）');
    });

    it('holds the name to that rule: a name in error keeps its hint and gains the message', async () => {
      const agent = new Agent(t.portal.url);
      const long = await submit(agent, '/forgot-id?lng=ja', '/forgot-id', {
        email: uniqueEmail('rule'),
        nameEn: `${'A'.repeat(NAME_EN_MAX - 4)} BCDE`,
      });
      expect(long.status).toBe(422);
      expect(nameInput(long.text)).toContain('aria-describedby="nameEn-error nameEn-hint"');
      expect(textOf(elementWithId(long.text, 'ul', 'nameEn-error') ?? '')).toContain('104文字以内');
      const twoSpaces = await submit(agent, '/forgot-id', '/forgot-id', { email: uniqueEmail('rule'), nameEn: 'A  B' });
      expect(twoSpaces.status).toBe(422);
      const exact = await submit(agent, '/forgot-id', '/forgot-id', {
        email: uniqueEmail('rule'),
        nameEn: `${'A'.repeat(NAME_EN_MAX - 3)} BC`,
      });
      expect(exact.status).toBe(200);
    });

    it('利用者ID入力（パスワード再設定）: 利用者ID, メールアドレス and 完了する', async () => {
      const ja = (await new Agent(t.portal.url).get('/forgot-password?lng=ja')).text;
      expect(headingOf(ja)).toBe('利用者ID入力（パスワード再設定）');
      expect([labelOf(ja, 'userId'), labelOf(ja, 'email')]).toEqual(['利用者ID', 'メールアドレス']);
      expect(textOf(ja)).toContain('完了する');
      const en = (await new Agent(t.portal.url).get('/forgot-password?lng=en')).text;
      expect(headingOf(en)).toBe('Enter your user ID (password reset)');
    });
  });

  async function resetLink(email: string, loginId: string, count: number) {
    await submit(new Agent(t.portal.url), '/forgot-password', '/forgot-password', { userId: loginId, email });
    await flushMail(t.portal);
    const mails = await waitForMail(email, count);
    return linkIn(mails[count - 1], '/reset-password?token=');
  }

  async function reset(agent: Agent, link: string, password: string) {
    const form = await agent.get(link);
    if (form.status !== 200) return form;
    return agent.post('/reset-password', {
      _csrf: csrfOf(form.text),
      token: new URLSearchParams(link.split('?')[1]).get('token')!,
      password,
      passwordConfirm: password,
    });
  }

  it('accepts the reset link at 23:59:59, refuses it at 24:00:00 and after use', async () => {
    const email = uniqueEmail('reset-time');
    const { loginId } = await makeUser(t.portal, { email });
    const link = await resetLink(email, loginId, 1);
    t.portal.clock.set(new Date(t0.getTime() + 24 * HOUR));
    expect((await new Agent(t.portal.url).get(link)).status).toBe(410);
    t.portal.clock.set(new Date(t0.getTime() + 24 * HOUR - 1000));
    expect((await reset(new Agent(t.portal.url), link, 'Nagoya#2026Sky')).status).toBe(200);
    expect((await new Agent(t.portal.url).get(link)).status).toBe(410);
    expect((await login(new Agent(t.portal.url), loginId, 'Nagoya#2026Sky')).status).toBe(303);
    expect((await login(new Agent(t.portal.url), loginId, GOOD_PASSWORD)).status).toBe(401);
  });

  it('applies the password policy on reset, and ends every session of the user', async () => {
    const email = uniqueEmail('reset-sessions');
    const { loginId } = await makeUser(t.portal, { email });
    const elsewhere = new Agent(t.portal.url);
    await login(elsewhere, loginId, GOOD_PASSWORD);
    expect((await elsewhere.get('/mypage')).status).toBe(200);

    const link = await resetLink(email, loginId, 1);
    const weak = await reset(new Agent(t.portal.url), link, 'password');
    expect(weak.status).toBe(422);
    expect(weak.text).toContain('id="password-error"');
    expect((await reset(new Agent(t.portal.url), link, 'Sendai#2026Moon')).status).toBe(200);
    expect((await elsewhere.get('/mypage')).status).toBe(303);
    await flushMail(t.portal);
    const last = (await mailsTo(email)).at(-1)!;
    expect(last.text).not.toContain('token=');
    const events = await queryRows<{ event: string }>(
      t.portal.app.get(DataSource),
      `SELECT a.event FROM audit_log a JOIN app_user u ON u.id = a.user_id WHERE u.login_id = $1 ORDER BY a.id`,
      [loginId],
    );
    expect(events.map((e) => e.event)).toContain('password.reset');
  });

  describe('links that die when they should', () => {
    const refused = async (link: string) => {
      const page = await new Agent(t.portal.url).get(`${link}&lng=en`);
      expect(page.status).toBe(410);
      expect(page.text).toContain('This link cannot be used');
      expect(page.text).toContain('href="/forgot-password"'); // a way to start again
    };
    const canLogIn = async (loginId: string, password: string) =>
      (await login(new Agent(t.portal.url), loginId, password)).status;

    it("using a reset link ends the user's other open reset links", async () => {
      const email = uniqueEmail('reset-siblings');
      const { loginId } = await makeUser(t.portal, { email });
      const first = await resetLink(email, loginId, 1);
      const second = await resetLink(email, loginId, 2);
      expect((await reset(new Agent(t.portal.url), second, 'Nagoya#2026Sky')).status).toBe(200);
      await refused(first);
      // A form opened before the other link was used cannot set a password either.
      expect((await reset(new Agent(t.portal.url), first, 'Osaka#2026Rain')).status).toBe(410);
      expect(await canLogIn(loginId, 'Nagoya#2026Sky')).toBe(303);
    });

    it('a password change on my page ends the open reset links', async () => {
      const email = uniqueEmail('reset-after-change');
      const user = await makeUser(t.portal, { email });
      const link = await resetLink(email, user.loginId, 1);
      const agent = await loggedInAgent(t.portal, user);
      const changed = await submit(agent, '/mypage/password', '/mypage/password', {
        currentPassword: GOOD_PASSWORD,
        password: 'Nagoya#2026Sky',
        passwordConfirm: 'Nagoya#2026Sky',
      });
      expect(changed.status).toBe(200);
      await refused(link);
    });

    it('an e-mail change ends the reset links mailed to the old address', async () => {
      const email = uniqueEmail('reset-after-email');
      const user = await makeUser(t.portal, { email });
      const link = await resetLink(email, user.loginId, 1);
      const agent = await loggedInAgent(t.portal, user);
      const next = uniqueEmail('reset-after-email-new');
      expect((await agent.get(await emailChangeLink(t.portal, agent, next))).status).toBe(200);
      await refused(link);
    });

    it("refuses a reset link mailed to an address that is no longer the account's, on GET and on POST", async () => {
      const email = uniqueEmail('reset-moved');
      const user = await makeUser(t.portal, { email });
      const link = await resetLink(email, user.loginId, 1);
      const form = await new Agent(t.portal.url).get(link);
      expect(form.status).toBe(200);
      // The address changes by a way that ends no link (an operator's correction, a later import).
      const db = t.portal.app.get(DataSource);
      await db.transaction((m) => t.portal.app.get(UsersRepository).setEmail(user.id, uniqueEmail('moved'), m));
      await refused(link);
      const token = new URLSearchParams(link.split('?')[1]).get('token')!;
      // The POST checks too: a form opened before the change sets nothing.
      const agent = new Agent(t.portal.url);
      const page = await agent.get('/forgot-password');
      const direct = await agent.post('/reset-password', {
        _csrf: csrfOf(page.text),
        token,
        password: 'Osaka#2026Rain',
        passwordConfirm: 'Osaka#2026Rain',
      });
      expect(direct.status).toBe(410);
      expect(await canLogIn(user.loginId, 'Osaka#2026Rain')).toBe(401);
      expect(await canLogIn(user.loginId, GOOD_PASSWORD)).toBe(303);
    });
  });
});
