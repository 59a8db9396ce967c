/// <reference lib="dom" />
import type { Page } from 'playwright-core';
import { GOOD_PASSWORD, uniqueEmail } from '../support/accounts';
import { usePortalInChromium } from '../support/browser';
import { makeCoe, makeUser } from '../support/factories';

jest.setTimeout(90_000);

describe('receipt ledger with script in Chromium (manual 5, strict CSP)', () => {
  const w = usePortalInChromium({ BCRYPT_COST: '4', LOGIN_ATTEMPTS_PER_ADDRESS: '10000' });

  async function ledgerOf(certificates: number): Promise<{ page: Page; numbers: string[] }> {
    const user = await makeUser(w.portal, { email: uniqueEmail('ledger-js') });
    const numbers: string[] = [];
    for (let i = 0; i < certificates; i++) numbers.push((await makeCoe(w.portal, user)).number);
    const page = await w.open();
    await page.goto(`${w.portal.url}/login?lng=ja`);
    await page.fill('#userId', user.loginId);
    await page.fill('#password', GOOD_PASSWORD);
    await page.click('#login');
    await page.waitForURL(/\/mypage$/);
    await page.goto(`${w.portal.url}/receipts`);
    return { page, numbers };
  }

  it('changes the page size as soon as one is chosen, with no button left to press', async () => {
    const { page } = await ledgerOf(1);
    expect(await page.isVisible('[data-auto-submit-button]')).toBe(false);
    await Promise.all([page.waitForURL(/size=50/), page.selectOption('#size', '50')]);
    expect(await page.inputValue('#size')).toBe('50');
  });

  it('asks in a dialog; 閉じる closes it, 受領登録する registers and comes back to the list', async () => {
    const { page, numbers } = await ledgerOf(2);
    const [n] = numbers;
    await page.click(`a[data-receipt-confirm="${n}"]`);
    await page.waitForSelector('#receipt-dialog[open]');
    expect(await page.textContent('#receipt-dialog-number')).toBe(n);
    expect(await page.textContent('#receipt-dialog-question')).toBe(
      '以下の在留資格認定証明書について、受領登録します。よろしいですか？',
    );
    await page.click('#receipt-dialog-close');
    await page.waitForSelector('#receipt-dialog', { state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-receipt-confirm'))).toBe(n);
    expect(new URL(page.url()).pathname).toBe('/receipts');

    await page.click(`a[data-receipt-confirm="${n}"]`);
    await page.waitForSelector('#receipt-dialog[open]');
    await Promise.all([page.waitForURL(/registered=1/), page.click('#receipt-dialog-form button[type=submit]')]);
    expect(await page.textContent('#receipt-done')).toContain(n);
    expect(await page.textContent(`tr[data-number="${n}"]`)).toContain('受領登録済');
    expect(await page.textContent(`tr[data-number="${numbers[1]}"]`)).toContain('未登録');
  });
});
