/// <reference lib="dom" />
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ApplicationExaminationService } from '@app/applications';
import { GOOD_PASSWORD, uniqueEmail } from '../support/accounts';
import { usePortalInChromium } from '../support/browser';
import { makeApplication, makeUser } from '../support/factories';

jest.setTimeout(90_000);

/** Tabs until `selector` has the focus (at most `max` presses): what a keyboard user does. */
async function tabTo(page: Page, selector: string, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`${selector} never got the focus`);
}

describe('answering a request for documents with the keyboard only (Chromium)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'status-kbd-'));
  const w = usePortalInChromium({
    BCRYPT_COST: '4',
    LOGIN_ATTEMPTS_PER_ADDRESS: '10000',
    DOCUMENT_STORAGE_DIR: join(dir, 'documents'),
  });

  it('reaches the note, the file chooser and the button by Tab, and the application goes back to 審査中', async () => {
    const user = await makeUser(w.portal, { email: uniqueEmail('status-kbd') });
    const app = await makeApplication(w.portal, user);
    const exam = w.portal.app.get(ApplicationExaminationService);
    await exam.examine({ kind: 'api', keyId: 'kbd' }, app.number);
    await exam.requestDocuments(
      { kind: 'api', keyId: 'kbd' },
      app.number,
      '課税証明書を提出してください。',
      '2026-04-30',
    );
    const pdf = join(dir, 'tax.pdf');
    writeFileSync(pdf, '%PDF-1.7\n%%EOF\n');

    const page = await w.open();
    await page.goto(`${w.portal.url}/login?lng=ja`);
    await page.fill('#userId', user.loginId);
    await page.fill('#password', GOOD_PASSWORD);
    await page.click('#login');
    await page.waitForURL(/\/mypage$/);
    await page.goto(`${w.portal.url}/applications/${app.number}`);
    expect(await page.textContent('#request-message')).toBe('課税証明書を提出してください。');

    await tabTo(page, '#note');
    await page.keyboard.type('課税証明書を添付します。');
    await tabTo(page, '#documents', 5);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(pdf);
    await tabTo(page, '#answer-submit', 10);
    await Promise.all([page.waitForURL(/answered=1/), page.keyboard.press('Enter')]);
    expect(await page.textContent('#answered')).toContain('追加資料を提出しました');
    expect(await page.textContent('#status')).toBe('審査中');
    expect(await page.textContent('#documents-list')).toContain('tax.pdf');
  });
});
