/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { UsersService } from '@app/accounts';
import { GOOD_PASSWORD, linkIn, uniqueEmail, waitForMail } from '../support/accounts';
import { usePortal } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { mailsTo } from '../support/mail-catcher';
import { makeUser } from '../support/factories';
import { flushMail } from '../support/portal-flows';

jest.setTimeout(90_000);

describe('my page in Chromium, in ja, en and vi', () => {
  const t = usePortal();
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  async function session(lng: string): Promise<{ page: Page; email: string; loginId: string }> {
    const email = uniqueEmail(`browser-${lng}`);
    const { loginId } = await makeUser(t.portal, { email, lng });
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${t.portal.url}/login?lng=${lng}`);
    await page.fill('#userId', loginId);
    await page.fill('#password', GOOD_PASSWORD);
    await page.click('#login');
    await page.waitForURL(/\/mypage$/);
    await page.click('main a[href="/mypage/profile"]');
    return { page, email, loginId };
  }

  it('ja: an approved user fills the address from the postal code and changes it', async () => {
    const { page, loginId, email } = await session('ja');
    await t.portal.app
      .get(UsersService)
      .approve(
        loginId,
        { gender: 'male', dateOfBirth: '1988-03-04', postalCode: '5300001', address: '大阪府大阪市北区梅田1-1' },
        'test',
      );
    await page.reload();
    expect(await page.textContent('#profile')).toContain('530-0001');
    await page.click('a[href="/mypage/profile/edit"]');
    await page.fill('#postalCode', '1000014');
    await page.fill('#address', '');
    await page.click('#postal-lookup');
    expect(await page.inputValue('#address')).toBe('東京都千代田区永田町');
    await page.fill('#address', '東京都千代田区永田町1-7-1');
    await page.click('#to-confirm');
    await page.waitForURL(/\/mypage\/profile\/confirm$/);
    expect(await page.textContent('main')).toContain('100-0014');
    await page.click('#apply');
    expect(await page.textContent('h1')).toBe('利用者変更完了');
    await page.click('main a[href="/mypage/profile"]');
    expect(await page.textContent('#profile')).toContain('東京都千代田区永田町1-7-1');
    await flushMail(t.portal);
    expect((await mailsTo(email)).at(-1)!.subject).toBe('【在留申請オンラインシステム】利用者情報変更のお知らせ');
  });

  it('en: changes the password', async () => {
    const { page, email } = await session('en');
    await page.click('a[href="/mypage/password"]');
    await page.fill('#currentPassword', GOOD_PASSWORD);
    await page.fill('#password', 'Nagoya#2026Sky');
    await page.fill('#passwordConfirm', 'Nagoya#2026Sky');
    await page.click('main button[type="submit"]');
    expect(await page.textContent('h1')).toBe('Change complete');
    await flushMail(t.portal);
    expect((await mailsTo(email)).at(-1)!.subject).toBe(
      '[Online Residence Application System] Your password was changed',
    );
  });

  it('vi: changes the e-mail address through the mailed link', async () => {
    const { page, email } = await session('vi');
    const next = uniqueEmail('browser-vi-new');
    await page.click('a[href="/mypage/email"]');
    await page.fill('#currentPassword', GOOD_PASSWORD);
    await page.fill('#email', next);
    await page.fill('#emailConfirm', next);
    await page.click('main button[type="submit"]');
    await flushMail(t.portal);
    const [mail] = await waitForMail(next);
    expect(mail.html).toContain('lang="vi"');
    await page.goto(t.portal.url + linkIn(mail, '/mypage/email/verify?token='));
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.textContent('main')).toContain(next);
    await page.click('main a[href="/mypage/profile"]');
    expect(await page.textContent('#profile')).toContain(next);
    await flushMail(t.portal);
    expect((await mailsTo(email)).at(-1)!.text).toContain(next);
  });
});
