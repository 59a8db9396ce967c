import type { NestExpressApplication } from '@nestjs/platform-express';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { Running, startPortal, testConfig } from './apps';
import { createTestDatabase } from './test-postgres';

/** Debian's Chromium, headless, as the machine allows (no sandbox as root, no background traffic). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A portal on its own database and one Chromium for a describe block, a fresh ja-JP context per test;
 * each test fails on a script error or a console error (a CSP refusal is reported there). `open` gives
 * a page of the current context that reports its console errors.
 */
export function usePortalInChromium(env: Record<string, string> = {}) {
  const world = {} as {
    portal: Running<NestExpressApplication>;
    context: BrowserContext;
    errors: string[];
    open(): Promise<Page>;
  };
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let browser: Browser;
  world.errors = [];
  world.open = async () => {
    const page = await world.context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') world.errors.push(m.text());
    });
    return page;
  };
  beforeAll(async () => {
    db = await createTestDatabase();
    world.portal = await startPortal(testConfig(db.url, env));
    browser = await launchBrowser();
  });
  beforeEach(async () => {
    world.context = await browser.newContext({ locale: 'ja-JP' });
    world.context.on('weberror', (e) => world.errors.push(e.error().message));
  });
  afterEach(async () => {
    await world.context.close();
    expect(world.errors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await world.portal?.close();
    await db?.drop();
  });
  return world;
}
