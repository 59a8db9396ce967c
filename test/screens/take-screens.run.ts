/// <reference lib="dom" />
/**
 * `npm run screens`: every manual screen in Chromium, in each of SCREEN_LANGUAGES, as small PNGs in
 * docs/screens/, and the `## Screenshots` table at the end of docs/manual-conformance.md. Jest runs it
 * (test/screens/jest.config.js) for the test servers of global setup: a throwaway embedded PostgreSQL and
 * MailDev, a portal on a stopped clock and fixed data, so a re-run draws the same pictures.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '@app/platform';
import { GOOD_PASSWORD, linkIn } from '../support/accounts';
import { FAST_ACCOUNTS, Running, startOffice, startPortal, testConfig } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { makeCoe, makeOfficer, makeUser, TestUser } from '../support/factories';
import { mailsTo } from '../support/mail-catcher';
import { flushMail } from '../support/portal-flows';
import { createTestDatabase } from '../support/test-postgres';
import {
  ISSUED_ID_SHOWN,
  SCREEN_LANGUAGES,
  ScreenLanguage,
  screenFile,
  SCREENS,
  screenshotsSection,
  SCREENSHOTS_HEADING,
} from './screen-list';

jest.setTimeout(170_000);

const root = join(__dirname, '..', '..');
const OUT = join(root, 'docs', 'screens');
const CONFORMANCE = join(root, 'docs', 'manual-conformance.md');

const T0 = '2026-04-01T01:00:00Z'; // 10:00 in Tokyo: the clock stands here for every screen
const MIN = 60_000;
const WIDTH = 1024;
const HEIGHT_CAP = 1600;
const LOCALES: Record<ScreenLanguage, string> = { ja: 'ja-JP', en: 'en-US', vi: 'vi-VN' };
/** Per language, so each language's data is its own; letters of the user-ID alphabet only. */
const TAG: Record<ScreenLanguage, string> = { ja: 'JA', en: 'EN', vi: 'VN' };

// Loaded outside Jest's vm, where its loop over every pixel runs at Node's speed.
const { smallPng } = (globalThis as unknown as { __requireOutsideVm: NodeJS.Require }).__requireOutsideVm(
  join(__dirname, 'small-png.js'),
) as { smallPng(png: Buffer): Buffer };

const at = (iso: string) => new Date(iso);

/** A user with an unregistered, a registered and an expired e-COE, who last logged in the day before. */
async function ledgerUser(portal: Running<NestExpressApplication>, lng: ScreenLanguage, officer: string) {
  const tag = TAG[lng];
  const user = await makeUser(portal, {
    loginId: `SCRN${tag}2345`,
    email: `user-${lng}@example.test`,
    nameEn: 'TANAKA TARO',
    lng,
    lastLoginAt: at('2026-03-31T06:30:00Z'),
  });
  const coe = (number: string, issuedAt: string, extra: Record<string, Date> = {}) =>
    makeCoe(portal, user, {
      number,
      verificationCode: `${tag}${number.slice(-8)}`,
      issuedAt: at(issuedAt),
      firstMailedAt: at(issuedAt),
      issuedBy: `officer:${officer}`,
      ...extra,
    });
  const open = await coe(`E2026-${tag}2K7M4P`, '2026-03-25T06:00:00Z');
  await coe(`E2026-${tag}3K7M4P`, '2026-03-10T02:00:00Z', { receivedAt: at('2026-03-12T05:00:00Z') });
  await coe(`E2025-${tag}4K7M4P`, '2025-12-01T01:00:00Z'); // 3 months' validity: past on T0
  return { user, open: open.number };
}

/** The document the page shows now: lets a wait tell the next one from it, whatever its URL. */
const markDocument = (page: Page) => page.evaluate(() => ((window as { __shot?: boolean }).__shot = true));

/** Clicks `selector` and waits for the page it leads to (a redirect or a form shown again). */
async function clickToNext(page: Page, selector: string): Promise<void> {
  await markDocument(page);
  await page.click(selector);
  await page.waitForFunction(() => !(window as { __shot?: boolean }).__shot && document.readyState === 'complete');
}

const submit = (page: Page) => clickToNext(page, 'main form button[type="submit"]:not([name="action"])');

/** The first link to `path` mailed to `address` (mail goes out when the test flushes it). */
async function mailedLink(portal: Running<NestExpressApplication>, address: string, path: string): Promise<string> {
  await flushMail(portal);
  for (let i = 0; i < 400; i++) {
    const mail = (await mailsTo(address)).find((m) => m.text.includes(path));
    if (mail) return linkIn(mail, path);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no ${path} mail to ${address}`);
}

/** Replaces a value drawn at random (an issued user ID) with a fixed one wherever the page shows it. */
const fixText = (page: Page, from: string, to: string) =>
  page.evaluate(
    ([a, b]) => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) n.nodeValue = n.nodeValue!.split(a).join(b);
    },
    [from, to],
  );

/** The user ID the page shows on its own in a `<dd>` or `<output>` (the confirmation and done pages). */
const issuedIdOn = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('main dd, main output'))
      .map((e) => e.textContent?.trim() ?? '')
      .find((t) => /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{10}$/.test(t)),
  );

const taken = new Set<string>();

/** Writes the screen's PNG: the whole page up to HEIGHT_CAP, or what the viewport shows (a dialog, a menu). */
async function shot(page: Page, slug: string, lng: ScreenLanguage, viewportOnly = false): Promise<void> {
  const screen = SCREENS.find((s) => s.slug === slug);
  if (!screen) throw new Error(`${slug} is not in SCREENS (test/screens/screen-list.ts)`);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const { width } = page.viewportSize()!;
  const full = await page.evaluate(() => document.documentElement.scrollHeight);
  const png = await page.screenshot({
    animations: 'disabled',
    caret: 'hide',
    ...(viewportOnly ? {} : { fullPage: true, clip: { x: 0, y: 0, width, height: Math.min(full, HEIGHT_CAP) } }),
  });
  const file = screenFile(screen, lng);
  writeFileSync(join(OUT, file), smallPng(png));
  taken.add(file);
}

describe('npm run screens', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let portal: Running<NestExpressApplication>;
  let office: Running<NestExpressApplication>;
  let browser: Browser;
  const users = {} as Record<ScreenLanguage, { user: TestUser; open: string }>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const clock = new ManualClock(T0);
    portal = await startPortal(testConfig(db.url, FAST_ACCOUNTS), clock);
    // The certificates are the office's: issued by an officer of its own.
    office = await startOffice(testConfig(db.url, FAST_ACCOUNTS), clock);
    const officer = await makeOfficer(office, { label: 'screens' });
    for (const lng of SCREEN_LANGUAGES) users[lng] = await ledgerUser(portal, lng, officer.loginId);
    browser = await launchBrowser();
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    await office?.close();
    await db?.drop();
  });

  async function newPage(lng: ScreenLanguage): Promise<Page> {
    const context = await browser.newContext({
      locale: LOCALES[lng],
      timezoneId: 'Asia/Tokyo',
      viewport: { width: WIDTH, height: 768 },
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
    });
    const page = await context.newPage();
    await page.goto(`${portal.url}/?lng=${lng}`);
    return page;
  }

  async function logIn(page: Page, user: TestUser): Promise<void> {
    await page.goto(`${portal.url}/login`);
    await page.fill('#userId', user.loginId);
    await page.fill('#password', user.password);
    await clickToNext(page, '#login');
    await page.waitForURL(/\/mypage$/);
  }

  describe.each(SCREEN_LANGUAGES)('%s', (lng) => {
    it('logged out: top page, language menu, login, forgot user ID and password', async () => {
      const page = await newPage(lng);
      const { user } = users[lng];
      await shot(page, 'top-page', lng);
      await page.setViewportSize({ width: 320, height: 640 });
      await shot(page, 'top-page-320', lng);
      await page.setViewportSize({ width: WIDTH, height: 768 });
      await page.click('.language-selector summary');
      await page.waitForSelector('.language-selector[open] ul a');
      await shot(page, 'language-menu', lng, true);

      await page.goto(`${portal.url}/login`);
      await page.waitForSelector('#userId');
      await shot(page, 'login', lng);

      await page.goto(`${portal.url}/forgot-id`);
      await shot(page, 'forgot-user-id', lng);
      await page.fill('#email', user.email);
      await page.fill('#nameEn', user.nameEn ?? '');
      await submit(page);
      await shot(page, 'forgot-user-id-sent', lng);

      await page.goto(`${portal.url}/forgot-password`);
      await shot(page, 'forgot-password', lng);
      await page.fill('#userId', user.loginId);
      await page.fill('#email', user.email);
      await submit(page);
      await shot(page, 'forgot-password-sent', lng);
      await page.goto(portal.url + (await mailedLink(portal, user.email, '/reset-password?token=')));
      await page.waitForSelector('#password');
      await shot(page, 'reset-password', lng);
      await page.context().close();
    });

    it('手続き検索 and a procedure page', async () => {
      const page = await newPage(lng);
      const words: Record<ScreenLanguage, string> = { ja: '更新', en: 'extend my stay', vi: 'gia hạn' };
      await page.goto(`${portal.url}/procedures`);
      await page.fill('#q', words[lng]);
      await submit(page);
      await page.waitForSelector('#clear-search');
      await shot(page, 'procedure-search', lng);
      await page.goto(`${portal.url}/procedures/extension`);
      await page.waitForSelector('#apply');
      await shot(page, 'procedure-page', lng);
      await page.context().close();
    });

    it('registration from the terms to the issued user ID', async () => {
      const page = await newPage(lng);
      const email = `register-${lng}@example.test`;
      await page.goto(`${portal.url}/register`);
      await shot(page, 'terms', lng);
      await clickToNext(page, '#agree');
      await page.waitForURL(/\/register\/email$/);
      await shot(page, 'email', lng);
      await page.fill('#email', email);
      await page.fill('#emailConfirm', email);
      await submit(page);
      await page.waitForURL(/\/register\/sent$/);
      await shot(page, 'email-sent', lng);

      await page.goto(portal.url + (await mailedLink(portal, email, '/register/verify?token=')));
      await page.waitForURL(/\/register\/details$/);
      await shot(page, 'details', lng);
      await submit(page); // nothing filled in: every required field says so
      await page.waitForSelector('.error-summary');
      await shot(page, 'details-errors', lng);
      await page.check('input[name="category"][value="foreign_national"]');
      await page.fill('#nameEn', 'NGUYEN VAN AN');
      await page.fill('#phone', '09012345678');
      await page.fill('#password', GOOD_PASSWORD);
      await page.fill('#passwordConfirm', GOOD_PASSWORD);
      await submit(page);
      await page.waitForURL(/\/register\/confirm$/);
      let issued = await issuedIdOn(page);
      if (issued) await fixText(page, issued, ISSUED_ID_SHOWN);
      await shot(page, 'confirm', lng);
      await submit(page);
      await page.waitForURL(/\/register\/complete$/);
      issued ??= await issuedIdOn(page);
      if (issued) await fixText(page, issued, ISSUED_ID_SHOWN);
      await shot(page, 'complete', lng);
      await page.context().close();
    });

    it('logged in: my page, its changes, the receipt ledger, logout', async () => {
      const page = await newPage(lng);
      const { user, open } = users[lng];
      await logIn(page, user);
      await shot(page, 'mypage', lng);
      await page.goto(`${portal.url}/`);
      await shot(page, 'header-logged-in', lng, true);

      await page.goto(`${portal.url}/mypage/profile`);
      await shot(page, 'user-detail', lng);
      await page.goto(`${portal.url}/mypage/email`);
      await shot(page, 'email-change', lng);
      await page.fill('#currentPassword', user.password);
      await page.fill('#email', `new-${lng}@example.test`);
      await page.fill('#emailConfirm', `new-${lng}@example.test`);
      await submit(page);
      await shot(page, 'email-change-sent', lng);
      await page.goto(`${portal.url}/mypage/password`);
      await shot(page, 'password-change', lng);
      await page.goto(`${portal.url}/mypage/profile/edit`);
      await shot(page, 'profile-edit', lng);
      await page.fill('#phone', '08098765432');
      await clickToNext(page, '#to-confirm');
      await page.waitForURL(/\/mypage\/profile\/confirm$/);
      await shot(page, 'profile-confirm', lng);

      await page.goto(`${portal.url}/receipts`);
      await page.waitForSelector(`a[data-receipt-confirm="${open}"]`);
      await shot(page, 'receipt-ledger', lng);
      await page.setViewportSize({ width: 320, height: 640 });
      await shot(page, 'receipt-ledger-320', lng);
      await page.setViewportSize({ width: WIDTH, height: 768 });
      await page.click(`a[data-receipt-confirm="${open}"]`);
      await page.waitForSelector('#receipt-dialog[open]');
      await shot(page, 'receipt-confirm-dialog', lng, true);
      await clickToNext(page, '#receipt-dialog-form button[type=submit]');
      await page.waitForSelector('#receipt-done');
      await shot(page, 'receipt-registered', lng);

      await page.goto(`${portal.url}/logout`);
      await shot(page, 'logout', lng);
      await clickToNext(page, '#logout');
      await shot(page, 'logged-out', lng);
      await page.context().close();
    });

    it('the auto-logout warning 10 minutes before the end', async () => {
      const page = await newPage(lng);
      await logIn(page, users[lng].user);
      // As test/browser/session-dialog.browser-spec.ts: the server's clock jumps, the page asks on focus.
      portal.clock.set(new Date(at(T0).getTime() + 2 * 60 * MIN + 50 * MIN));
      try {
        await page.evaluate(() => window.dispatchEvent(new Event('focus')));
        await page.waitForSelector('#session-dialog[open]');
        await shot(page, 'auto-logout-warning', lng, true);
      } finally {
        portal.clock.set(T0);
      }
      await page.context().close();
    });
  });

  it('took every screen in every language and wrote the table', async () => {
    const expected = SCREENS.flatMap((s) => SCREEN_LANGUAGES.map((l) => screenFile(s, l))).sort();
    expect([...taken].sort()).toEqual(expected);
    expect(readdirSync(OUT).sort()).toEqual(expected);
    const doc = readFileSync(CONFORMANCE, 'utf8');
    const at = doc.indexOf(`\n${SCREENSHOTS_HEADING}\n`);
    writeFileSync(CONFORMANCE, `${(at < 0 ? doc : doc.slice(0, at)).trimEnd()}\n\n${await screenshotsSection()}`);
  });
});
