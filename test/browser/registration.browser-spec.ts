/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import { GOOD_PASSWORD, linkIn, uniqueEmail, waitForMail } from '../support/accounts';
import { Running, startPortal, testConfig } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { flushMail } from '../support/portal-flows';
import { createTestDatabase } from '../support/test-postgres';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG contrast ratio of two computed `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((c) => {
      const v = Number(c) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

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

  it('marks a field in error as the manual does (item name highlighted, red mark) in all four schemes', async () => {
    const email = uniqueEmail('marks');
    const tab = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    await tab.goto(`${portal.url}/register`);
    await tab.click('#agree');
    await tab.fill('#email', email);
    await tab.fill('#emailConfirm', email);
    await tab.click('main button[type="submit"]');
    await tab.waitForURL(/\/register\/sent$/);
    await flushMail(portal);
    const [mail] = await waitForMail(email);
    await tab.goto(portal.url + linkIn(mail, '/register/verify?token='));
    await tab.waitForURL(/\/register\/details$/);

    for (const theme of ['standard', 'blue', 'yellow', 'black']) {
      await tab.goto(`${portal.url}/register/details?theme=${theme}`);
      await tab.check('input[name="category"][value="foreign_national"]');
      await tab.fill('#nameEn', 'STRAßE ANNA');
      await tab.fill('#phone', '0312345678');
      await tab.fill('#password', GOOD_PASSWORD);
      await tab.fill('#passwordConfirm', GOOD_PASSWORD);
      await tab.click('main button[type="submit"]');
      await tab.waitForSelector('#nameEn-error');
      expect(await tab.getAttribute('body', 'class')).toBe(`theme-${theme}`);

      // The item name is highlighted and the mark shows; the valid fields stay as they were.
      expect(await tab.getAttribute('label[for="nameEn"]', 'class')).toBe('label--invalid');
      expect(await tab.isVisible('label[for="nameEn"] .error-mark')).toBe(true);
      expect(await tab.getAttribute('label[for="phone"]', 'class')).toBeNull();
      expect(await tab.isVisible('#nameEn-error')).toBe(true);
      expect(await tab.getAttribute('#nameEn', 'aria-invalid')).toBe('true');
      const colours = await tab.evaluate(() => {
        const label = getComputedStyle(document.querySelector('label[for="nameEn"]')!);
        const mark = getComputedStyle(document.querySelector('label[for="nameEn"] .error-mark')!);
        const page = getComputedStyle(document.body);
        return {
          highlight: label.backgroundColor,
          bar: label.borderLeftColor,
          mark: mark.backgroundColor,
          page: page.backgroundColor,
        };
      });
      expect(colours.highlight).not.toBe(colours.page);
      // Non-text contrast (WCAG 1.4.11): the mark against the highlight, the bar against the page.
      expect(contrast(colours.mark, colours.highlight)).toBeGreaterThanOrEqual(3);
      expect(contrast(colours.bar, colours.page)).toBeGreaterThanOrEqual(3);

      // Text contrast (WCAG 1.4.3) of the whole page with the marks on it, by axe.
      await tab.evaluate(AXE);
      const violations = await tab.evaluate(async () => {
        const axe = (
          window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: { id: string }[] }> } }
        ).axe;
        const result = await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] } });
        return result.violations.map((v) => v.id);
      });
      expect({ theme, violations }).toEqual({ theme, violations: [] });
    }
    await tab.context().close();
  });
});
