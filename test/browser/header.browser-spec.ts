/// <reference lib="dom" />
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import { LANGUAGE_CODES } from '@app/platform';
import { Running, startPortal, testConfig } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { createTestDatabase } from '../support/test-postgres';

jest.setTimeout(60_000);

describe('header and top page in Chromium (manual 1.5, 1.6, 2.2)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let portal: Running<NestExpressApplication>;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    db = await createTestDatabase();
    portal = await startPortal(testConfig(db.url));
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
  });
  afterEach(async () => page.context().close());
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await db?.drop();
  });

  it('fits 320 px in every language, on the top page and on 手続き検索 and a procedure page', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    for (const lng of LANGUAGE_CODES) {
      for (const path of ['/', '/procedures', '/procedures/extension']) {
        await page.goto(`${portal.url}${path}?lng=${lng}`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect({ lng, path, overflow }).toEqual({ lng, path, overflow: 0 });
      }
    }
  });

  it('opens the language menu from the keyboard and switches back to Japanese from any language', async () => {
    await page.goto(`${portal.url}/?lng=ko`);
    const summary = page.locator('.language-selector summary');
    // The eye sees "Language"; the rest of the name (word in Korean, current language) takes no space.
    expect(await summary.locator('span[lang="en"]').textContent()).toBe('Language');
    const hidden = await summary.locator('.visually-hidden').evaluate((el) => el.getBoundingClientRect());
    expect(hidden.width * hidden.height).toBeLessThanOrEqual(1);
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await page.locator('.language-selector').getAttribute('open')).not.toBeNull();
    await page.locator('a[hreflang="ja"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/lng=ja/);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
  });

  it('takes ホーム back to the top page', async () => {
    await page.goto(`${portal.url}/announcements?lng=vi`);
    await page.click('.site-nav a[href="/"]');
    await page.waitForURL(`${portal.url}/`);
    expect(await page.locator('.site-nav a[href="/"]').getAttribute('aria-current')).toBe('page');
  });
});
