/// <reference lib="dom" />
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import { GOOD_PASSWORD, linkIn, uniqueEmail, waitForMail } from '../support/accounts';
import { Running, startPortal, testConfig } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { flushMail } from '../support/portal-flows';
import { createTestDatabase } from '../support/test-postgres';

jest.setTimeout(90_000);

describe('a new user registers, logs in and out in Chromium', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let portal: Running<NestExpressApplication>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    portal = await startPortal(testConfig(db.url, { BCRYPT_COST: '4' }));
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'vi-VN' })).newPage();
    page.on('console', (m) => {
      // A form sent back with field errors answers 422 on purpose; Chromium logs that as an error.
      if (m.type() === 'error' && !m.text().includes('status of 422')) problems.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await db?.drop();
  });

  it('goes from the top page to a working account as a lawyer, in Vietnamese', async () => {
    const email = uniqueEmail('browser');
    await page.goto(`${portal.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await page.click('main a[href="/register"]');
    await page.click('#agree');
    await page.fill('#email', email);
    await page.fill('#emailConfirm', email.toUpperCase());
    await page.click('main button[type="submit"]');
    await page.waitForURL(/\/register\/sent$/);
    expect(await page.textContent('main')).toContain(email);

    await flushMail(portal);
    const [mail] = await waitForMail(email);
    await page.goto(portal.url + linkIn(mail, '/register/verify?token='));
    await page.waitForURL(/\/register\/details$/);

    // Only the chosen category's fields are shown.
    expect(await page.isVisible('#organizationName')).toBe(false);
    await page.check('input[name="category"][value="lawyer"]');
    expect(await page.isVisible('#registrationNumber')).toBe(true);
    expect(await page.isVisible('#organizationName')).toBe(false);

    await page.fill('#nameEn', 'tran thi mai');
    await page.fill('#phone', '080-1234-5678');
    await page.check('input[name="qualification"][value="attorney"]');
    await page.fill('#associationName', 'Osaka');
    await page.fill('#registrationNumber', '55555');
    await page.fill('#password', GOOD_PASSWORD);
    await page.fill('#passwordConfirm', GOOD_PASSWORD);
    await page.click('main button[type="submit"]');
    // The hyphenated phone number is refused next to the field; everything else is kept.
    expect(await page.textContent('#phone-error')).toBeTruthy();
    expect(await page.inputValue('#nameEn')).toBe('tran thi mai');
    expect(await page.isChecked('input[name="category"][value="lawyer"]')).toBe(true);
    await page.fill('#phone', '08012345678');
    await page.fill('#password', GOOD_PASSWORD);
    await page.fill('#passwordConfirm', GOOD_PASSWORD);
    await page.click('main button[type="submit"]');
    await page.waitForURL(/\/register\/confirm$/);
    expect(await page.textContent('.summary-list')).toContain('TRAN THI MAI');

    await page.click('#register');
    await page.waitForURL(/\/register\/complete$/);
    const loginId = (await page.textContent('#issued-user-id'))!.trim();
    expect(loginId).toMatch(/^[23456789A-HJ-NP-Z]{10}$/);

    await page.click('main a[href="/login"]');
    await page.fill('#userId', loginId);
    await page.fill('#password', GOOD_PASSWORD);
    await page.click('#login');
    await page.waitForURL(/\/mypage$/);
    expect(await page.textContent('.site-nav')).toContain('TRAN THI MAI');

    await page.click('.site-nav a[href="/logout"]');
    await page.click('#logout');
    expect(await page.textContent('h1')).toBeTruthy();
    await page.goto(`${portal.url}/mypage`);
    await page.waitForURL(/\/login\?returnTo=%2Fmypage$/);
    expect(problems).toEqual([]);
  });
});
