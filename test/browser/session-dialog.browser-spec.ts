/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { GOOD_PASSWORD, uniqueEmail } from '../support/accounts';
import { usePortalInChromium } from '../support/browser';
import { makeUser } from '../support/factories';

jest.setTimeout(90_000);

const MIN = 60_000;

describe('auto-logout warning dialog in Chromium (server clock driven by the test)', () => {
  const w = usePortalInChromium({ BCRYPT_COST: '4', LOGIN_ATTEMPTS_PER_ADDRESS: '10000' });
  let loginId: string;
  const t0 = new Date('2026-04-01T00:00:00Z'); // 09:00 in Tokyo

  beforeAll(async () => {
    ({ loginId } = await makeUser(w.portal, { email: uniqueEmail('dialog') }));
  });
  beforeEach(() => w.portal.clock.set(t0));

  async function loggedInPage(): Promise<Page> {
    const page = await w.open();
    await page.goto(`${w.portal.url}/login?lng=ja`);
    await page.fill('#userId', loginId);
    await page.fill('#password', GOOD_PASSWORD);
    await page.click('#login');
    await page.waitForURL(/\/mypage$/);
    return page;
  }

  /** The server's clock jumps; the page learns of it when it next asks (here: on focus) and has the answer. */
  async function jumpTo(ms: number, ...pages: Page[]) {
    w.portal.clock.set(new Date(t0.getTime() + ms));
    for (const p of pages) {
      const asked = p.waitForRequest((r) => new URL(r.url()).pathname === '/session');
      await p.evaluate(() => window.dispatchEvent(new Event('focus')));
      await (await (await asked).response())?.finished();
    }
  }

  /** The page acts on an answer as soon as it has read it; give that a moment before checking it did not. */
  const answerRead = (page: Page) => page.waitForTimeout(100);

  it('warns 10 minutes before with the logout time in Japan time; OK extends by 3 hours', async () => {
    const page = await loggedInPage();
    await jumpTo(2 * 60 * MIN + 49 * MIN, page); // 11 minutes left: no dialog yet
    await answerRead(page);
    expect(await page.isVisible('#session-dialog')).toBe(false);

    await jumpTo(2 * 60 * MIN + 50 * MIN, page); // exactly 10 minutes left
    await page.waitForSelector('#session-dialog[open]');
    expect(await page.textContent('#session-dialog-time')).toBe('12:00');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('session-extend');
    expect(await page.getAttribute('#session-dialog', 'aria-labelledby')).toBe('session-dialog-title');

    await page.click('#session-extend');
    await page.waitForSelector('#session-dialog', { state: 'hidden' });
    const info = await page.evaluate(() => fetch('/session').then((r) => r.json() as Promise<{ expiresAt: string }>));
    expect(info.expiresAt).toBe(new Date(t0.getTime() + 5 * 60 * MIN + 50 * MIN).toISOString());
  });

  it('Esc acts as Cancel: the dialog closes, stays closed, and the logout happens at the time shown', async () => {
    const page = await loggedInPage();
    await jumpTo(2 * 60 * MIN + 55 * MIN, page);
    await page.waitForSelector('#session-dialog[open]');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#session-dialog', { state: 'hidden' });
    await jumpTo(2 * 60 * MIN + 56 * MIN, page);
    await answerRead(page);
    expect(await page.isVisible('#session-dialog')).toBe(false);

    await jumpTo(3 * 60 * MIN, page); // the server has ended the session; the page goes to login
    await page.waitForURL(/\/login/);
    expect(await page.textContent('main')).toContain('自動的にログアウトしました');
  });

  it('keeps open tabs in agreement: OK in one closes the dialog in the other', async () => {
    const first = await loggedInPage();
    const second = await w.context.newPage();
    await second.goto(`${w.portal.url}/mypage`); // same session, counts as activity at t0
    await jumpTo(2 * 60 * MIN + 52 * MIN, first, second);
    await first.waitForSelector('#session-dialog[open]');
    await second.waitForSelector('#session-dialog[open]');
    await first.click('#session-extend');
    await second.waitForSelector('#session-dialog', { state: 'hidden' });
    expect(await first.isVisible('#session-dialog')).toBe(false);
  });
});
