/// <reference lib="dom" />
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import { Running, startPortal, testConfig } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { createTestDatabase } from '../support/test-postgres';

jest.setTimeout(60_000);

describe('page frame in Chromium', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let portal: Running<NestExpressApplication>;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    portal = await startPortal(testConfig(db.url));
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    page = await (await browser.newContext({ locale: 'ja-JP' })).newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
  });
  afterEach(async () => {
    await page.context().close();
    expect(problems.splice(0)).toEqual([]); // no CSP violations, no script errors
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await db?.drop();
  });

  it('switches language from the selector and keeps it across pages', async () => {
    await page.goto(`${portal.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await page.click('.language-selector summary');
    await page.click('a[hreflang="vi"]');
    await page.waitForURL(/lng=vi/);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await page.click('a[href="/announcements"] >> nth=0');
    await page.waitForURL(/\/announcements$/);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    expect(await page.textContent('h1')).toBeTruthy();
  });

  it('changes the colour scheme and keeps it after a reload', async () => {
    await page.goto(`${portal.url}/`);
    await page.click('.theme-swatch--black');
    await page.waitForURL(/theme=black/);
    await page.goto(`${portal.url}/`);
    expect(await page.getAttribute('body', 'class')).toBe('theme-black');
    const colours = await page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return { bg: s.backgroundColor, fg: s.color };
    });
    expect(colours).toEqual({ bg: 'rgb(0, 0, 0)', fg: 'rgb(255, 255, 255)' });
  });

  it('fits a phone-width screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const lng of ['ja', 'vi', 'tl']) {
      await page.goto(`${portal.url}/?lng=${lng}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect({ lng, overflow }).toEqual({ lng, overflow: 0 });
    }
  });

  it('offers a skip link first and a working back-to-top link', async () => {
    await page.goto(`${portal.url}/?lng=en`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.setViewportSize({ width: 360, height: 300 });
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await page.click('a[href="#top"]');
    await page.waitForFunction(() => window.scrollY === 0);
  });
});
