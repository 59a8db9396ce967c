import { DataSource } from 'typeorm';
import { Category, UsersService } from '@app/accounts';
import { queryRows } from '@app/platform';
import { csrfOf, GOOD_PASSWORD, linkIn, submit, uniqueEmail, waitForMail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { Agent } from '../support/http';
import { mailsTo } from '../support/mail-catcher';
import { loggedInAgent, makeUser } from '../support/factories';
import { emailChangeLink, flushMail, login } from '../support/portal-flows';
import { elementWithId, headingOf, labelOf, linksTo, termsOf, textOf } from '../support/page-text';
import { runCli } from '../support/run-cli';

const HOUR = 3600_000;

describe('my page: details and changes (SPEC §4)', () => {
  const t = usePortal();
  const t0 = new Date('2026-04-01T00:00:00Z');
  afterEach(() => t.portal.clock.set(t0));

  const db = () => t.portal.app.get(DataSource);
  async function member(label: string, opts: { category?: Category; lng?: string } = {}) {
    const user = await makeUser(t.portal, { ...opts, email: uniqueEmail(label) });
    return { email: user.email, loginId: user.loginId, agent: await loggedInAgent(t.portal, user) };
  }
  const row = async (loginId: string) =>
    (
      await queryRows<{ email: string; phone: string; postal_code: string | null; address: string | null }>(
        db(),
        `SELECT email, phone, postal_code, address FROM app_user WHERE login_id = $1`,
        [loginId],
      )
    )[0];
  const approve = (loginId: string) =>
    t.portal.app
      .get(UsersService)
      .approve(
        loginId,
        { gender: 'female', dateOfBirth: '1990-05-06', postalCode: '5300001', address: '大阪府大阪市北区梅田1-1' },
        'test',
      );

  it('shows every item of 利用者詳細, empty ones as such, and the three buttons', async () => {
    const { agent, loginId, email } = await member('profile');
    const index = await agent.get('/mypage?lng=ja');
    expect(index.text).toContain('href="/mypage/profile"');
    const page = await agent.get('/mypage/profile');
    expect(page.status).toBe(200);
    for (const label of [
      '利用者区分',
      '利用者ID',
      '氏名（英字）',
      '性別',
      '生年月日',
      '郵便番号',
      '住居地',
      '電話番号',
      'メールアドレス',
    ]) {
      expect(page.text).toContain(`<dt>${label}</dt>`);
    }
    expect(page.text.match(/<span class="empty">未登録<\/span>/g)).toHaveLength(4);
    expect(page.text).toContain(loginId);
    expect(page.text).toContain(email);
    for (const href of ['/mypage/email', '/mypage/password', '/mypage/profile/edit'])
      expect(page.text).toContain(`href="${href}"`);
    await approve(loginId);
    const approved = await agent.get('/mypage/profile?lng=en');
    expect(approved.text).toContain('530-0001');
    expect(approved.text).toContain('Female');
    expect(approved.text).not.toContain('class="empty"');
  });

  it('sends logged-out visitors to login and back', async () => {
    const res = await new Agent(t.portal.url).get('/mypage/profile/edit');
    expect(res.headers.get('location')).toBe('/login?returnTo=%2Fmypage%2Fprofile%2Fedit');
  });

  describe('change of e-mail address', () => {
    it('changes only when the mailed link is opened by the same, logged-in user; tells the old address', async () => {
      const { agent, loginId, email } = await member('email', { lng: 'vi' });
      const next = uniqueEmail('email-new');
      const sent = await submit(agent, '/mypage/email', '/mypage/email', {
        currentPassword: GOOD_PASSWORD,
        email: next,
        emailConfirm: next,
      });
      expect(sent.status).toBe(200);
      expect((await row(loginId)).email).toBe(email);
      await flushMail(t.portal);
      const [verify] = await waitForMail(next);
      expect(verify.html).toContain('lang="vi"');
      const link = linkIn(verify, '/mypage/email/verify?token=');

      // Someone else, logged in, opens it: refused, nothing changes.
      const other = await member('email-other');
      expect((await other.agent.get(link)).status).toBe(403);
      // Logged out: first to login, then back.
      const fresh = new Agent(t.portal.url);
      const toLogin = await fresh.get(link);
      expect(toLogin.headers.get('location')).toBe(`/login?returnTo=${encodeURIComponent(link)}`);
      const form = await fresh.get(toLogin.headers.get('location')!);
      const back = await fresh.post('/login', {
        _csrf: csrfOf(form.text),
        userId: loginId,
        password: GOOD_PASSWORD,
        returnTo: link,
      });
      expect(back.headers.get('location')).toBe(link);
      const done = await fresh.get(link);
      expect(done.status).toBe(200);
      expect(done.text).toContain(next);
      expect((await row(loginId)).email).toBe(next);

      expect((await fresh.get(link)).status).toBe(410); // once
      // The change of address ended the user's other login (the one that asked for it).
      expect((await agent.get('/mypage')).headers.get('location')).toBe('/login?returnTo=%2Fmypage');
      await flushMail(t.portal);
      const told = (await mailsTo(email)).at(-1)!;
      expect(told.text).toContain(next);
      expect(told.html).toContain('lang="vi"');
      expect((await mailsTo(next)).length).toBe(2);
    });

    it('accepts the link at 23:59:59 and refuses it at 24:00:00', async () => {
      const { agent, loginId } = await member('email-time');
      const next = uniqueEmail('in-time');
      const link = await emailChangeLink(t.portal, agent, next);
      // A day later the session has long ended: the user logs in again to open the link.
      const again = async () => {
        const a = new Agent(t.portal.url);
        expect((await login(a, loginId, GOOD_PASSWORD)).status).toBe(303);
        return a;
      };
      t.portal.clock.set(new Date(t0.getTime() + 24 * HOUR));
      expect((await (await again()).get(link)).status).toBe(410);
      t.portal.clock.set(new Date(t0.getTime() + 24 * HOUR - 1000));
      expect((await (await again()).get(link)).status).toBe(200);
      expect((await row(loginId)).email).toBe(next);
    });

    it('needs the current password: a wrong one is marked on its field, the rest kept, and nothing is mailed', async () => {
      const { agent, loginId } = await member('email-password');
      const next = uniqueEmail('email-password-new');
      const wrong = await submit(agent, '/mypage/email?lng=en', '/mypage/email', {
        currentPassword: 'Wrong$pass1',
        email: next,
        emailConfirm: next,
      });
      expect(wrong.status).toBe(422);
      expect(wrong.text).toContain('id="currentPassword-error"');
      expect(wrong.text).toContain('The current password is not correct.');
      expect(wrong.text).toContain(`value="${next}"`);
      expect(wrong.text).not.toContain('Wrong$pass1');
      const missing = await submit(agent, '/mypage/email', '/mypage/email', { email: next, emailConfirm: next });
      expect(missing.status).toBe(422);
      expect(missing.text).toContain('id="currentPassword-error"');
      await flushMail(t.portal);
      expect(await mailsTo(next)).toHaveLength(0);
      const requested = await queryRows(
        db(),
        `SELECT 1 FROM audit_log a JOIN app_user u ON u.id = a.user_id WHERE u.login_id = $1 AND a.event = 'email.change_requested'`,
        [loginId],
      );
      expect(requested).toHaveLength(0);
    });

    it('a newer e-mail-change link ends the older one, with a way to start again', async () => {
      const { agent, loginId } = await member('email-newer');
      const links = [];
      for (const label of ['older', 'newer']) {
        const next = uniqueEmail(label);
        links.push({ next, link: await emailChangeLink(t.portal, agent, next) });
      }
      const older = await agent.get(`${links[0].link}&lng=en`);
      expect(older.status).toBe(410);
      expect(older.text).toContain('replaced by a newer request');
      expect(older.text).toContain('href="/mypage/email"');
      expect((await row(loginId)).email).not.toBe(links[0].next);
      expect((await agent.get(links[1].link)).status).toBe(200);
      expect((await row(loginId)).email).toBe(links[1].next);
    });

    it("refuses another account's address without saying so on the page", async () => {
      const taken = await member('taken');
      const { agent, loginId, email } = await member('wants-taken');
      const fresh = uniqueEmail('fresh');
      const a = await submit(agent, '/mypage/email', '/mypage/email', {
        currentPassword: GOOD_PASSWORD,
        email: taken.email,
        emailConfirm: taken.email,
      });
      const b = await submit(agent, '/mypage/email', '/mypage/email', {
        currentPassword: GOOD_PASSWORD,
        email: fresh,
        emailConfirm: fresh,
      });
      const norm = (s: string) =>
        s
          .replace(taken.email, 'X')
          .replace(fresh, 'X')
          .replace(/content="[^"]+"|value="[^"]+"/g, '');
      expect(norm(a.text)).toBe(norm(b.text));
      await flushMail(t.portal);
      const toTaken = (await mailsTo(taken.email)).at(-1)!;
      expect(toTaken.text).not.toContain('token=');
      expect(toTaken.subject).toContain('メールアドレス変更');
      expect((await row(loginId)).email).toBe(email);
    });

    it('marks invalid input next to the fields', async () => {
      const { agent, email } = await member('email-invalid');
      const r = await submit(agent, '/mypage/email?lng=en', '/mypage/email', {
        currentPassword: GOOD_PASSWORD,
        email: email,
        emailConfirm: email,
      });
      expect(r.status).toBe(422);
      expect(r.text).toContain('This is your current e-mail address');
      const r2 = await submit(agent, '/mypage/email', '/mypage/email', {
        currentPassword: GOOD_PASSWORD,
        email: 'x@example.test',
        emailConfirm: 'y@example.test',
      });
      expect(r2.text).toContain('id="emailConfirm-error"');
      expect(r2.text).toContain('value="x@example.test"');
    });
  });

  describe('change of password', () => {
    it('needs the current password, follows the policy, and ends the other sessions only', async () => {
      const { agent, loginId, email } = await member('password');
      const elsewhere = new Agent(t.portal.url);
      await login(elsewhere, loginId, GOOD_PASSWORD);
      const wrong = await submit(agent, '/mypage/password?lng=en', '/mypage/password', {
        currentPassword: 'Nope#12345a',
        password: 'Nagoya#2026Sky',
        passwordConfirm: 'Nagoya#2026Sky',
      });
      expect(wrong.status).toBe(422);
      expect(wrong.text).toContain('id="currentPassword-error"');
      const weak = await submit(agent, '/mypage/password', '/mypage/password', {
        currentPassword: GOOD_PASSWORD,
        password: 'abc',
        passwordConfirm: 'abc',
      });
      expect(weak.text).toContain('id="password-error"');
      const ok = await submit(agent, '/mypage/password?lng=ja', '/mypage/password', {
        currentPassword: GOOD_PASSWORD,
        password: 'Nagoya#2026Sky',
        passwordConfirm: 'Nagoya#2026Sky',
      });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('利用者変更完了');
      expect((await agent.get('/mypage')).status).toBe(200);
      expect((await elsewhere.get('/mypage')).status).toBe(303);
      expect((await login(new Agent(t.portal.url), loginId, 'Nagoya#2026Sky')).status).toBe(303);
      await flushMail(t.portal);
      expect((await mailsTo(email)).at(-1)!.subject).toContain('パスワード変更');
    });
  });

  describe('change of other information', () => {
    it('lets everyone change the phone number through input → confirm → change, with a mail', async () => {
      const { agent, loginId, email } = await member('phone');
      const edit = await agent.get('/mypage/profile/edit');
      expect(edit.text).not.toContain('name="postalCode"');
      const next = await agent.post('/mypage/profile/edit', {
        _csrf: csrfOf(edit.text),
        phone: '0398765432',
        action: 'next',
      });
      expect(next.headers.get('location')).toBe('/mypage/profile/confirm');
      expect((await row(loginId)).phone).toBe('09012345678');
      const confirm = await agent.get('/mypage/profile/confirm?lng=ja');
      expect(confirm.text).toContain('利用者変更確認');
      expect(confirm.text).toContain('0398765432');
      const done = await agent.post('/mypage/profile/confirm', { _csrf: csrfOf(confirm.text) });
      expect(done.status).toBe(200);
      expect(done.text).toContain('利用者変更完了');
      expect((await row(loginId)).phone).toBe('0398765432');
      const again = await agent.post('/mypage/profile/confirm', { _csrf: csrfOf(confirm.text) });
      expect(again.text).toContain('確認する変更はありません');
      await flushMail(t.portal);
      expect((await mailsTo(email)).at(-1)!.subject).toContain('利用者情報変更');
    });

    it('refuses a crafted postal code or address from a user who is not approved', async () => {
      const { agent, loginId } = await member('crafted');
      const r = await submit(agent, '/mypage/profile/edit?lng=en', '/mypage/profile/edit', {
        phone: '0398765432',
        postalCode: '1000014',
        address: '東京都千代田区永田町1-7-1',
      });
      expect(r.status).toBe(403);
      expect(r.text).toContain('These items cannot be changed');
      expect(await row(loginId)).toMatchObject({ postal_code: null, address: null, phone: '09012345678' });
    });

    it('refuses address changes for approved institution staff', async () => {
      const { agent, loginId } = await member('staff', { category: 'institution_staff' });
      await approve(loginId);
      const edit = await agent.get('/mypage/profile/edit');
      expect(edit.text).not.toContain('name="address"');
      const r = await agent.post('/mypage/profile/edit', {
        _csrf: csrfOf(edit.text),
        phone: '0398765432',
        address: 'X',
      });
      expect(r.status).toBe(403);
    });

    it('lets an approved foreign national look up the address by postal code and change it', async () => {
      const { agent, loginId, email } = await member('address', { lng: 'en' });
      await approve(loginId);
      const edit = await agent.get('/mypage/profile/edit');
      expect(edit.text).toContain('value="5300001"');
      const lookup = await agent.post('/mypage/profile/edit', {
        _csrf: csrfOf(edit.text),
        phone: '09012345678',
        postalCode: '100-0014',
        address: '',
        action: 'lookup',
      });
      expect(lookup.status).toBe(200);
      expect(lookup.text).toContain('value="東京都千代田区永田町"');
      expect(lookup.text).toContain('value="1000014"');
      const unknown = await agent.post('/mypage/profile/edit', {
        _csrf: csrfOf(edit.text),
        phone: '09012345678',
        postalCode: '9999999',
        address: '',
        action: 'lookup',
      });
      expect(unknown.text).toContain('id="postalCode-error"');
      const bad = await agent.post('/mypage/profile/edit', {
        _csrf: csrfOf(edit.text),
        phone: '09012345678',
        postalCode: '12345',
        address: '',
        action: 'next',
      });
      expect(bad.status).toBe(422);
      expect(bad.text).toContain('id="postalCode-error"');
      expect(bad.text).toContain('id="address-error"');
      const next = await agent.post('/mypage/profile/edit', {
        _csrf: csrfOf(edit.text),
        phone: '09012345678',
        postalCode: '1000014',
        address: '東京都千代田区永田町1-7-1',
        action: 'next',
      });
      expect(next.status).toBe(303);
      const confirm = await agent.get('/mypage/profile/confirm');
      expect(confirm.text).toContain('100-0014');
      await agent.post('/mypage/profile/confirm', { _csrf: csrfOf(confirm.text) });
      expect(await row(loginId)).toMatchObject({ postal_code: '1000014', address: '東京都千代田区永田町1-7-1' });
      await flushMail(t.portal);
      expect((await mailsTo(email)).at(-1)!.html).toContain('lang="en"');
      const events = await queryRows<{ event: string; details: { fields: string[] } }>(
        db(),
        `SELECT a.event, a.details FROM audit_log a JOIN app_user u ON u.id = a.user_id WHERE u.login_id = $1 AND a.event = 'profile.changed'`,
        [loginId],
      );
      expect(events).toEqual([{ event: 'profile.changed', details: { fields: ['postalCode', 'address'] } }]);
    });

    it("cannot reach another user's record", async () => {
      const victim = await member('victim');
      const { agent, loginId } = await member('attacker');
      const edit = await agent.get('/mypage/profile/edit');
      const victimId = (
        await queryRows<{ id: string }>(db(), `SELECT id FROM app_user WHERE login_id = $1`, [victim.loginId])
      )[0].id;
      await agent.post('/mypage/profile/edit', {
        _csrf: csrfOf(edit.text),
        phone: '0311112222',
        id: victimId,
        userId: victim.loginId,
        action: 'next',
      });
      const confirm = await agent.get('/mypage/profile/confirm');
      await agent.post('/mypage/profile/confirm', { _csrf: csrfOf(confirm.text), userId: victim.loginId });
      expect((await row(victim.loginId)).phone).toBe('09012345678');
      expect((await row(loginId)).phone).toBe('0311112222');
    });
  });

  describe("the manual's wording (manual 6, 6.1–6.3)", () => {
    it('利用者詳細 offers その他情報を変更する', async () => {
      const { agent } = await member('wording-detail');
      expect(linksTo((await agent.get('/mypage/profile?lng=ja')).text, '/mypage/profile/edit')).toEqual([
        'その他情報を変更する',
      ]);
      expect(linksTo((await agent.get('/mypage/profile?lng=ko')).text, '/mypage/profile/edit')).toEqual([
        '기타 정보 변경하기',
      ]);
    });

    it('メールアドレス入力（メールアドレス変更）: the new address is asked for as メールアドレス', async () => {
      const { agent } = await member('wording-email');
      const ja = (await agent.get('/mypage/email?lng=ja')).text;
      expect(headingOf(ja)).toBe('メールアドレス入力（メールアドレス変更）');
      expect(ja).toContain('<title>メールアドレス入力（メールアドレス変更）');
      expect(labelOf(ja, 'email')).toBe('メールアドレス');
      expect(labelOf(ja, 'emailConfirm')).toBe('メールアドレス（確認用）');
      expect(textOf(ja)).toContain('変更する');
      const vi = (await agent.get('/mypage/email?lng=vi')).text;
      expect(headingOf(vi)).toBe('Nhập địa chỉ email (thay đổi địa chỉ email)');
      expect(labelOf(vi, 'email')).toBe('Địa chỉ email');
    });

    it('パスワード変更 asks for パスワード and パスワード（確認用）', async () => {
      const { agent } = await member('wording-password');
      const ja = (await agent.get('/mypage/password?lng=ja')).text;
      expect(headingOf(ja)).toBe('パスワード変更');
      expect([labelOf(ja, 'password'), labelOf(ja, 'passwordConfirm')]).toEqual(['パスワード', 'パスワード（確認用）']);
      expect(labelOf((await agent.get('/mypage/password?lng=es')).text, 'password')).toBe('Contraseña');
    });

    it('利用者変更 shows 区分, 利用者ID, 氏名 and メールアドレス as text above the form, and goes back with 詳細へ戻る', async () => {
      const { agent, loginId, email } = await member('wording-edit');
      const ja = (await agent.get('/mypage/profile/edit?lng=ja')).text;
      expect(headingOf(ja)).toBe('利用者変更');
      expect(ja).toContain('<title>利用者変更');
      expect(textOf(ja)).toContain('登録された個人情報は、本電子申込に係る事務以外には利用致しません。');
      const fixed = elementWithId(ja, 'dl', 'fixed-details');
      expect(termsOf(fixed ?? '')).toEqual([
        ['利用者区分', '外国人本人'],
        ['利用者ID', loginId],
        ['氏名（英字）', 'TANAKA TARO'],
        ['メールアドレス', email],
      ]);
      // Read-only as text, before the form, never as (disabled) inputs that would be posted or skipped.
      expect(ja.indexOf('id="fixed-details"')).toBeLessThan(ja.indexOf('<form'));
      expect(ja).not.toMatch(/<input[^>]*(disabled|readonly)/);
      expect(ja).not.toContain(`value="${loginId}"`);
      expect(ja).not.toContain(`value="${email}"`);
      expect(labelOf(ja, 'phone')).toBe('電話番号を入力してください');
      expect(textOf(ja)).toContain('ハイフンなしで入力してください。入力例）012-345-6789は0123456789と入力');
      expect(linksTo(ja, '/mypage/profile')).toEqual(['詳細へ戻る']);
      expect(textOf(ja)).toContain('確認へ進む');

      const ko = (await agent.get('/mypage/profile/edit?lng=ko')).text;
      expect(termsOf(elementWithId(ko, 'dl', 'fixed-details') ?? '')[0]).toEqual(['이용자 구분', '외국인 본인']);
      expect(labelOf(ko, 'phone')).toBe('전화번호를 입력해 주십시오');
      expect(linksTo(ko, '/mypage/profile')).toEqual(['상세 정보로 돌아가기']);
    });

    it('利用者変更確認 asks 以下の内容で登録してよろしいですか？ and shows 区分 and メールアドレス with the change', async () => {
      const { agent, email } = await member('wording-confirm');
      await submit(agent, '/mypage/profile/edit', '/mypage/profile/edit', { phone: '0398765432', action: 'next' });
      const ja = (await agent.get('/mypage/profile/confirm?lng=ja')).text;
      expect(headingOf(ja)).toBe('利用者変更確認');
      expect(textOf(ja)).toContain('以下の内容で登録してよろしいですか？');
      expect(termsOf(ja)).toEqual([
        ['利用者区分', '外国人本人'],
        ['電話番号', '0398765432'],
        ['メールアドレス', email],
      ]);
      expect(linksTo(ja, '/mypage/profile/edit')).toEqual(['入力へ戻る']);
      expect(textOf(elementWithId(ja, 'button', 'apply') ?? '')).toBe('変更する');
      expect(textOf((await agent.get('/mypage/profile/confirm?lng=es')).text)).toContain(
        '¿Desea registrar los siguientes datos?',
      );
    });
  });

  it('remembers a language chosen while logged in for the e-mails', async () => {
    const { agent, loginId } = await member('language', { lng: 'ja' });
    await agent.get('/mypage?lng=ko');
    const [{ lng }] = await queryRows<{ lng: string }>(db(), `SELECT lng FROM app_user WHERE login_id = $1`, [loginId]);
    expect(lng).toBe('ko');
  });

  it('records the approval from the CLI with the checked details', async () => {
    const { loginId } = await member('approve');
    const env = { DATABASE_URL: t.dbUrl, NODE_ENV: 'test' };
    const bad = await runCli(
      ['users:approve', loginId, '--gender', 'x', '--birth', '1990-01-01', '--postal', '1000014', '--address', 'A'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--gender: Please choose the sex.');
    const badDate = await runCli(
      ['users:approve', loginId, '--gender', 'male', '--birth', '1990-02-30', '--postal', '1000014', '--address', 'A'],
      env,
    );
    expect(badDate.stderr).toContain('--birth');
    const ok = await runCli(
      [
        'users:approve',
        loginId.toLowerCase(),
        '--gender',
        'male',
        '--birth',
        '1990-01-31',
        '--postal',
        '100-0014',
        '--address',
        '東京都千代田区永田町1-7-1',
      ],
      env,
    );
    expect(ok.stdout).toContain(`approved ${loginId}`);
    const [r] = await queryRows<{ gender: string; postal_code: string; approved_at: Date | null }>(
      db(),
      `SELECT gender, postal_code, approved_at FROM app_user WHERE login_id = $1`,
      [loginId],
    );
    expect(r.gender).toBe('male');
    expect(r.postal_code).toBe('1000014');
    expect(r.approved_at).not.toBeNull();
  });
});
