/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { GOOD_PASSWORD } from '../support/accounts';
import { usePortal } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { makeUser } from '../support/factories';

jest.setTimeout(180_000);

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(800)]);
const pdf = (n: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(n)]);

/** Presses Tab until `selector` has the focus, as a keyboard user moves through the page. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

/** Moves through a radio group or a select with the arrow keys until `value` is chosen. */
async function arrowTo(page: Page, selector: string, value: string, radio = false): Promise<void> {
  await tabTo(page, selector);
  for (let i = 0; i < 300; i++) {
    const chosen = await page.evaluate(
      ([s, r]) =>
        r ? (document.activeElement as HTMLInputElement).value : (document.querySelector(s) as HTMLSelectElement).value,
      [selector, radio] as const,
    );
    if (
      chosen === value &&
      (!radio || (await page.evaluate(() => (document.activeElement as HTMLInputElement).checked)))
    )
      return;
    await page.keyboard.press(radio && i === 0 ? 'Space' : 'ArrowDown');
  }
  throw new Error(`no ${value} in ${selector}`);
}

async function chooseFiles(page: Page, selector: string, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await tabTo(page, selector);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
  await chooser.setFiles(files);
}

const fitsWidth = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe('filing an extension by keyboard alone at 320 px (Chromium)', () => {
  const t = usePortal();
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it.each(['ja', 'en'])('files an extension with a photo and two PDFs in %s', async (lng) => {
    const user = await makeUser(t.portal, { lng, nameEn: 'NGUYEN VAN AN' });
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    const wide: string[] = [];
    const check = async (step: string) => {
      if (!(await fitsWidth(page))) wide.push(step);
    };

    await page.goto(`${t.portal.url}/applications/new?procedure=extension&lng=${lng}`);
    await page.waitForURL(/\/login/);
    await typeInto(page, '#userId', user.loginId);
    await typeInto(page, '#password', GOOD_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/applications\/new\?procedure=extension/);
    expect(await page.getAttribute('html', 'lang')).toBe(lng);
    await check('eligibility');

    await arrowTo(page, '#applicantInJapan-0', 'yes', true);
    await arrowTo(page, '#residenceCard-0', 'yes', true);
    await arrowTo(page, 'input[name="status"]', 'engineer_specialist_in_humanities_international_services', true);
    await tabTo(page, '#start');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/applications\/drafts\/[0-9a-f-]{36}$/);
    await check('form');

    expect(await page.inputValue('#nameEn')).toBe('NGUYEN VAN AN');
    await arrowTo(page, '#nationality', 'VNM');
    await typeInto(page, '#dateOfBirth', '1995-05-04');
    await arrowTo(page, '#sex-male', 'male', true);
    await typeInto(page, '#passportNumber', 'C1234567');
    await typeInto(page, '#residenceCardNumber', 'AB12345678CD');
    await typeInto(page, '#addressInJapan', '東京都千代田区霞が関1-1-1');
    await typeInto(page, '#wantedPeriodMonths', '12');
    await typeInto(page, '#reason', 'To continue working.');
    await arrowTo(page, '#office', 'tokyo');
    await tabTo(page, '#next');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/documents$/);
    await check('documents');

    await chooseFiles(page, '#photo', [{ name: 'face.jpg', mimeType: 'image/jpeg', buffer: JPEG }]);
    await chooseFiles(page, '#other', [
      { name: 'contract.pdf', mimeType: 'application/pdf', buffer: pdf(2000) },
      { name: 'tax.pdf', mimeType: 'application/pdf', buffer: pdf(3000) },
    ]);
    await tabTo(page, '#upload');
    await page.keyboard.press('Enter');
    await page.waitForLoadState('load');
    expect(await page.textContent('main')).toContain('tax.pdf');
    await tabTo(page, '#to-review');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/review$/);
    await check('review');

    await tabTo(page, '#submit');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/applications\/submitted\//);
    await check('done');
    expect(await page.textContent('#application-number')).toMatch(/^A\d{4}-/);
    expect(wide).toEqual([]);
    await context.close();
  });
});
