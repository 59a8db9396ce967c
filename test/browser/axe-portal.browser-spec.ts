/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { UsersService } from '@app/accounts';
import { Application, ApplicationExaminationService } from '@app/applications';
import type { Coe } from '@app/coe';
import { LANGUAGE_CODES, THEMES } from '@app/platform';
import { GOOD_PASSWORD, linkIn, uniqueEmail, waitForMail } from '../support/accounts';
import { usePortal } from '../support/apps';
import {
  applyScheme,
  AxeState,
  axeEverywhere,
  describeFindings,
  focusRingContrasts,
  schemeAsServed,
} from '../support/axe';
import { launchBrowser } from '../support/browser';
import { makeApplication, makeCoe, makeUser, TestUser } from '../support/factories';
import { flushMail } from '../support/portal-flows';

jest.setTimeout(120_000);

/**
 * axe (WCAG 2.0–2.2 A and AA) over every portal page, in the four colour schemes and in ja and en
 * (the top page in all eight languages). The states run in order on one browser page, as a user
 * would go through them: a flow's later steps need its earlier ones in the same session. A new page
 * or state is one more entry in a list.
 */
describe('portal pages pass axe in every colour scheme (WCAG 2.2 AA)', () => {
  const t = usePortal();
  let browser: Browser;
  let page: Page;
  let user: TestUser;
  const coes: Record<'open' | 'registered' | 'expired', Coe> = {} as never;
  let requested: Application;
  const registrant = uniqueEmail('axe-register');
  const submit = (p: Page) => p.click('main form button[type="submit"]:not([tabindex="-1"]) >> nth=-1');

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    user = await makeUser(t.portal, { email: uniqueEmail('axe-user') });
    await t.portal.app
      .get(UsersService)
      .approve(
        user.loginId,
        { gender: 'male', dateOfBirth: '1988-03-04', postalCode: '5300001', address: '大阪府大阪市北区梅田1-1' },
        'test',
      );
    const now = t.portal.clock.now();
    coes.open = await makeCoe(t.portal, user);
    coes.registered = await makeCoe(t.portal, user, { receivedAt: now });
    coes.expired = await makeCoe(t.portal, user, {
      issuedAt: new Date(now.getTime() - 400 * 86_400_000),
      validUntil: new Date(now.getTime() - 30 * 86_400_000),
    });
    // 申請状況確認: an application the officer asked more documents of.
    requested = await makeApplication(t.portal, user);
    const exam = t.portal.app.get(ApplicationExaminationService);
    await exam.examine({ kind: 'api', keyId: 'axe' }, requested.number);
    await exam.requestDocuments(
      { kind: 'api', keyId: 'axe' },
      requested.number,
      '課税証明書を提出してください。',
      '2026-04-30',
    );
  });
  afterAll(() => browser?.close());

  const loggedOut: AxeState[] = [
    { name: 'top page', path: '/', lngs: LANGUAGE_CODES },
    { name: '手続き検索', shows: '.procedure-list', path: '/procedures' },
    { name: '手続き検索: results', shows: '#clear-search', path: `/procedures?q=${encodeURIComponent('更新')}` },
    { name: '手続き検索: nothing found', shows: '#no-results', path: '/procedures?q=zzzqqq' },
    { name: '手続き検索 with errors', shows: '#status[aria-invalid="true"]', path: '/procedures?status=unknown' },
    { name: 'procedure page', shows: '#apply', path: '/procedures/coe' },
    { name: 'procedure page, filed together', shows: '#filed-with', path: '/procedures/reentry' },
    { name: 'announcements', path: '/announcements' },
    { name: 'contact', path: '/contact' },
    { name: 'login', path: '/login' },
    { name: 'login with errors', shows: '#userId[aria-invalid="true"]', path: '/login', act: (p) => p.click('#login') },
    { name: 'not found', shows: '#error-title', path: '/no-such-page' },
    { name: 'registration: terms', path: '/register' },
    {
      name: 'registration: e-mail',
      shows: '#emailConfirm',
      path: '/register/email',
      before: (p) => p.goto(`${t.portal.url}/register`).then(() => p.click('#agree')),
    },
    {
      name: 'registration: e-mail with errors',
      shows: '#emailConfirm[aria-invalid="true"]',
      path: '/register/email',
      act: submit,
    },
    {
      name: 'registration: sent',
      shows: `main:has-text("${registrant}")`,
      path: '/register/sent',
      before: async (p) => {
        await p.fill('#email', registrant);
        await p.fill('#emailConfirm', registrant);
        await submit(p);
      },
    },
    { name: 'registration: link invalid', path: '/register/verify?token=nothing' },
    {
      name: 'registration: details',
      shows: '#nameEn',
      path: '/register/details',
      before: async (p) => {
        await flushMail(t.portal);
        const [mail] = await waitForMail(registrant);
        await p.goto(t.portal.url + linkIn(mail, '/register/verify?token='));
      },
    },
    {
      name: 'registration: details with errors',
      shows: '#nameEn[aria-invalid="true"]',
      path: '/register/details',
      act: submit,
    },
    {
      name: 'registration: details of a lawyer with errors',
      shows: '#registrationNumber[aria-invalid="true"]',
      path: '/register/details',
      act: async (p) => {
        await p.check('input[name="category"][value="lawyer"]');
        await submit(p);
      },
    },
    {
      name: 'registration: confirm',
      shows: '#register',
      path: '/register/confirm',
      before: async (p) => {
        await p.goto(`${t.portal.url}/register/details`);
        await p.check('input[name="category"][value="foreign_national"]');
        await p.fill('#nameEn', 'AXE TARO');
        await p.fill('#phone', '09012345678');
        await p.fill('#password', GOOD_PASSWORD);
        await p.fill('#passwordConfirm', GOOD_PASSWORD);
        await submit(p);
        await p.waitForURL(/\/register\/confirm$/);
      },
    },
    {
      name: 'registration: complete',
      shows: '#issued-user-id',
      path: '/register/complete',
      before: (p) => p.goto(`${t.portal.url}/register/confirm`).then(() => p.click('#register')),
    },
    { name: 'forgot user ID', path: '/forgot-id' },
    { name: 'forgot user ID with errors', shows: '#nameEn[aria-invalid="true"]', path: '/forgot-id', act: submit },
    {
      name: 'forgot user ID: sent',
      shows: 'main:not(:has(#nameEn))',
      path: '/forgot-id',
      act: async (p) => {
        await p.fill('#email', user.email);
        await p.fill('#nameEn', user.nameEn ?? '');
        await submit(p);
      },
    },
    { name: 'forgot password', path: '/forgot-password' },
    {
      name: 'forgot password with errors',
      shows: '#userId[aria-invalid="true"]',
      path: '/forgot-password',
      act: submit,
    },
    {
      name: 'forgot password: sent',
      shows: 'main:not(:has(#userId))',
      path: '/forgot-password',
      act: async (p) => {
        await p.fill('#userId', user.loginId);
        await p.fill('#email', user.email);
        await submit(p);
      },
    },
    { name: 'verify: valid', path: () => `/verify/${coes.open.verificationCode}` },
    { name: 'verify: expired', path: () => `/verify/${coes.expired.verificationCode}` },
    { name: 'verify: unknown', path: `/verify/${'x'.repeat(43)}` },
  ];

  // オンライン申請: the draft made in the first step is the one every later step shows.
  let draft = '';
  const filing: AxeState[] = [
    { name: 'filing: eligibility', shows: '#start', path: '/applications/new?procedure=extension' },
    {
      name: 'filing: eligibility with errors',
      shows: 'fieldset[aria-invalid="true"]',
      path: '/applications/new?procedure=extension',
      act: (p) => p.click('#start'),
    },
    { name: 'filing: category not allowed', shows: '#not-allowed', path: '/applications/new?procedure=coe' },
    {
      name: 'filing: form',
      shows: '#next',
      path: () => draft,
      before: async (p) => {
        await p.goto(`${t.portal.url}/applications/new?procedure=extension`);
        await p.check('#applicantInJapan-0');
        await p.check('#residenceCard-0');
        await p.check('input[name="status"][value="engineer_specialist_in_humanities_international_services"]');
        await p.click('#start');
        await p.waitForURL(/\/applications\/drafts\/[0-9a-f-]{36}$/);
        draft = new URL(p.url()).pathname;
      },
    },
    {
      name: 'filing: form with errors',
      shows: '#passportNumber[aria-invalid="true"]',
      path: () => draft,
      act: (p) => p.click('#next'),
    },
    {
      name: 'filing: documents',
      shows: '#upload',
      path: () => `${draft}/documents`,
      before: async (p) => {
        await p.goto(t.portal.url + draft);
        await p.selectOption('#nationality', 'VNM');
        await p.fill('#dateOfBirth', '1995-05-04');
        await p.check('#sex-male');
        await p.fill('#passportNumber', 'C1234567');
        await p.fill('#residenceCardNumber', 'AB12345678CD');
        await p.fill('#addressInJapan', '東京都千代田区霞が関1-1-1');
        await p.fill('#wantedPeriodMonths', '12');
        await p.fill('#reason', 'To continue working.');
        await p.selectOption('#office', 'tokyo');
        await p.click('#next');
        await p.waitForURL(/\/documents$/);
        await p.setInputFiles('#photo', {
          name: 'face.jpg',
          mimeType: 'image/jpeg',
          buffer: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(500)]),
        });
        await p.click('#upload');
        await p.waitForURL(/\/documents$/);
      },
    },
    {
      name: 'filing: documents with errors',
      shows: '#other[aria-invalid="true"]',
      path: () => `${draft}/documents`,
      act: async (p) => {
        await p.setInputFiles('#other', { name: 'x.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>') });
        await p.click('#upload');
      },
    },
    { name: 'filing: review', shows: '#submit', path: () => `${draft}/review` },
    { name: 'filing: drafts', shows: '#drafts', path: '/applications/drafts' },
    {
      name: 'filing: done',
      shows: '#application-number',
      path: () => done,
      before: async (p) => {
        await p.goto(`${t.portal.url}${draft}/review`);
        await p.click('#submit');
        await p.waitForURL(/\/applications\/submitted\//);
        done = new URL(p.url()).pathname;
      },
    },
  ];
  let done = '';

  const fillProfile = async (p: Page) => {
    await p.fill('#phone', '08011112222');
    await p.fill('#postalCode', '1000014');
    await p.fill('#address', '東京都千代田区永田町1-7-1');
    await p.click('#to-confirm');
  };
  const next = uniqueEmail('axe-next');
  const loggedIn: AxeState[] = [
    {
      name: 'my page',
      path: '/mypage',
      before: async (p) => {
        await p.goto(`${t.portal.url}/login`);
        await p.fill('#userId', user.loginId);
        await p.fill('#password', GOOD_PASSWORD);
        await p.click('#login');
        await p.waitForURL(/\/mypage$/);
      },
    },
    { name: 'user details', path: '/mypage/profile' },
    { name: 'e-mail change', shows: '#emailConfirm', path: '/mypage/email' },
    {
      name: 'e-mail change with errors',
      shows: '#currentPassword[aria-invalid="true"]',
      path: '/mypage/email',
      act: submit,
    },
    {
      name: 'e-mail change: sent',
      shows: `main:has-text("${next}")`,
      path: '/mypage/email',
      act: async (p) => {
        await p.fill('#currentPassword', GOOD_PASSWORD);
        await p.fill('#email', next);
        await p.fill('#emailConfirm', next);
        await submit(p);
      },
    },
    { name: 'password change', path: '/mypage/password' },
    {
      name: 'password change with errors',
      shows: '#currentPassword[aria-invalid="true"]',
      path: '/mypage/password',
      act: submit,
    },
    { name: 'other information change', shows: '#postalCode', path: '/mypage/profile/edit' },
    {
      name: 'other information change with errors',
      shows: '#phone[aria-invalid="true"]',
      path: '/mypage/profile/edit',
      act: async (p) => {
        await p.fill('#phone', 'x');
        await p.fill('#postalCode', '');
        await p.click('#to-confirm');
      },
    },
    { name: 'other information change: confirm', shows: '#apply', path: '/mypage/profile/edit', act: fillProfile },
    {
      name: 'other information change: complete',
      shows: 'main:not(:has(#apply)):not(:has(#to-confirm))',
      path: '/mypage/profile/edit',
      act: (p) => fillProfile(p).then(() => p.click('#apply')),
    },
    { name: 'receipt ledger', shows: 'tr[data-number]', path: '/receipts' },
    {
      name: 'receipt ledger: confirmation dialog',
      shows: 'dialog[open]',
      path: '/receipts',
      act: (p) =>
        p.click(`a[data-receipt-confirm="${coes.open.number}"]`).then(() => p.waitForSelector('dialog[open]')),
    },
    {
      name: 'receipt ledger: registered',
      shows: '#receipt-done',
      path: () => `/receipts?coe=${coes.registered.number}&registered=1`,
    },
    { name: 'receipt confirmation page', shows: '#register-receipt', path: () => `/receipts/${coes.open.number}` },
    {
      name: 'receipt confirmation page, expired',
      shows: '#receipt-refused',
      path: () => `/receipts/${coes.expired.number}`,
    },
    { name: '申請状況確認', shows: 'tr[data-number]', path: '/applications' },
    { name: '申請状況確認: nothing found', shows: '#empty', path: '/applications?applicant=ZZZ' },
    { name: 'application with a request', shows: '#answer', path: () => `/applications/${requested.number}` },
    {
      name: 'application: answer with errors',
      shows: '#note[aria-invalid="true"]',
      path: () => `/applications/${requested.number}`,
      act: (p) => p.click('#answer-submit'),
    },
    {
      name: 'application: withdraw',
      shows: '#withdraw-confirm',
      path: () => `/applications/${requested.number}/withdraw`,
    },
    ...filing,
    { name: 'logout', shows: '#logout', path: '/logout' },
  ];

  it('applies a colour scheme in the page exactly as the server serves it', async () => {
    for (const path of ['/', '/register']) {
      const { served, applied } = await schemeAsServed(page, t.portal.url, path);
      expect(applied).toEqual(served);
    }
  });

  it('shows a focus ring of 3:1 or more against what is behind it, in every scheme (WCAG 1.4.11)', async () => {
    const weak = [];
    for (const theme of THEMES) {
      await page.goto(`${t.portal.url}/?lng=en&theme=standard`);
      await applyScheme(page, theme);
      const rings = await focusRingContrasts(page, 25);
      expect(rings.length).toBeGreaterThan(10);
      // The skip link shows only while focused (a light box on the header): it is its own indicator.
      weak.push(
        ...rings
          .filter((r) => r.ratio < 3 && !r.target.includes('.skip-link'))
          .map((r) => `${theme}: ${r.target} ${r.ratio}:1`),
      );
    }
    expect(weak).toEqual([]);
  });

  it.each([...loggedOut, ...loggedIn].map((s) => [s.name, s] as const))('%s', async (_, state) => {
    expect(describeFindings(await axeEverywhere(page, t.portal.url, state))).toEqual([]);
  });
});
