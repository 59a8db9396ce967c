/// <reference lib="dom" />
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { STATUSES, statusByCode, statusLabel } from '@app/coe';
import { Language, LANGUAGES, translator } from '@app/platform';
import { procedureByCode } from '@app/procedures';
import { awaitFreshCode, codeAt, OFFICER_PASSWORD } from '../office/officer-flows';
import { GOOD_PASSWORD } from './accounts';
import { FAST_ACCOUNTS, Running, startOffice, testConfig, usePortal } from './apps';
import { launchBrowser } from './browser';
import { CaughtMail, mailsTo } from './mail-catcher';
import { makeOfficer, TestOfficer, TestUser } from './factories';
import { flushMail } from './portal-flows';

/**
 * The issue-13 walkthrough's world (test/browser/walk-*.browser-spec.ts): a portal and an office on one
 * database and one document store, one Chromium, and an officer logged in once (password, then TOTP)
 * whose page every step reuses. Pages are driven by what a user sees: link and button texts, labels,
 * each taken from the locales in the page's language.
 */
export function useWalk() {
  const documents = mkdtempSync(join(tmpdir(), 'walk-docs-'));
  const t = usePortal({ DOCUMENT_STORAGE_DIR: documents });
  const w = {} as {
    portal: Running<NestExpressApplication>;
    office: Running<NestExpressApplication>;
    browser: Browser;
    officer: TestOfficer;
    desk: Page;
    errors: string[];
    /** A fresh browser (context) for one user: its script and console errors fail the test. */
    person(): Promise<Page>;
  };
  w.errors = [];
  const watch = (context: BrowserContext) => {
    // A loaded CI machine can take more than Playwright's 30 s for a page; the tests' own timeouts bound it.
    context.setDefaultTimeout(60_000);
    context.on('weberror', (e) => w.errors.push(e.error().message));
    context.on('console', (m) => {
      if (m.type() === 'error') w.errors.push(`${m.page()?.url()}: ${m.text()}`);
    });
  };
  const contexts: BrowserContext[] = [];
  w.person = async () => {
    const context = await w.browser.newContext({ locale: 'ja-JP' });
    watch(context);
    contexts.push(context);
    return context.newPage();
  };
  beforeAll(async () => {
    w.portal = t.portal;
    [w.office, w.browser] = await Promise.all([
      startOffice(testConfig(t.dbUrl, { ...FAST_ACCOUNTS, DOCUMENT_STORAGE_DIR: documents })),
      launchBrowser(),
    ]);
    w.officer = await makeOfficer(w.office, { label: 'walk' });
    const context = await w.browser.newContext({ locale: 'ja-JP' });
    watch(context);
    w.desk = await context.newPage();
    await officerLogsIn(w.desk, w.office, w.officer);
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    expect(w.errors.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await w.browser?.close();
    await w.office?.close();
  });
  return w;
}

export async function officerLogsIn(page: Page, office: Running<NestExpressApplication>, officer: TestOfficer) {
  await page.goto(`${office.url}/login`);
  await page.fill('#loginId', officer.loginId);
  await page.fill('#password', OFFICER_PASSWORD);
  await Promise.all([page.waitForURL(/\/totp$/), page.click('#login')]);
  await awaitFreshCode(office, officer.loginId);
  await page.fill('#code', codeAt(officer.secret, office.clock.now()));
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#verify-totp')]);
}

/**
 * Does `act` (a click that submits or follows a link) and waits for the page it leads to: also when that
 * page has the URL of the one before (a form posting back to its own page), where waiting for a URL would
 * not wait.
 */
export async function loads(page: Page, act: () => Promise<unknown>): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated', (f) => f === page.mainFrame()), act()]);
  await page.waitForLoadState('load');
}

/** The text of `key` in `lng`, as the page in that language shows it. */
export const text = (lng: Language, key: string, values: Record<string, unknown> = {}): string =>
  String(translator(lng)(key, values));

// Texts that are rightly the same as the Japanese: Traditional Chinese writes 結果（許可） with the same characters.
const SAME_AS_JAPANESE: Partial<Record<Language, string[]>> = {
  'zh-Hant': ['applications:status.result_issued_approved'],
};

/** The text of `key` in `lng`, failing where it is the Japanese one (an untranslated text). */
export function translated(lng: Language, key: string): string {
  const shown = text(lng, key);
  if (lng !== 'ja' && !SAME_AS_JAPANESE[lng]?.includes(key))
    expect(`${key}: ${shown}`).not.toBe(`${key}: ${text('ja', key)}`);
  return shown;
}

// Kana, but the middle dot ・ (U+30FB), which Japanese legal names quoted in other languages keep.
const KANA = /[\u3040-\u30fa\u30fc-\u30ff]/;
// Statuses of residence keep the legal numbering (高度専門職1号イ) in Chinese too.
const NUMBERING = /[号號][イロハ]/g;

/**
 * The page is in `lng`: `<html lang>`, and outside Japanese no kana in the text a user reads (Chinese and
 * Korean use none) but in what is marked `lang="ja"` and the Japanese legal names of statuses after the
 * reader's (plain text in a select's options): the mark of a text left in Japanese. The walk's own data
 * has no kana.
 */
export async function inLanguage(page: Page, lng: Language, step: string): Promise<void> {
  expect(`${step}: ${await page.getAttribute('html', 'lang')}`).toBe(`${step}: ${lng}`);
  if (lng === 'ja') return;
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement?.closest('[lang="ja"], script, style')) out.push(n.textContent ?? '');
    }
    document.querySelectorAll('[aria-label], [title], [alt]').forEach((e) => {
      for (const a of ['aria-label', 'title', 'alt']) if (e.hasAttribute(a)) out.push(e.getAttribute(a)!);
    });
    return out;
  });
  const legal = STATUSES.map((s) => statusLabel(s, lng)).filter((l) => l.legal);
  const left = texts
    .map((t) => legal.reduce((rest, l) => rest.split(`${l.open}${l.legal}${l.close}`).join(''), t))
    .map((t) => (lng.startsWith('zh') ? t.replace(NUMBERING, '') : t))
    .filter((t) => KANA.test(t));
  expect(`${step}: ${left.map((t) => t.trim()).join(' | ')}`).toBe(`${step}: `);
}

/** Opens the top page and chooses the language in the header's selector, as a visitor does. */
export async function chooseLanguage(page: Page, url: string, lng: Language): Promise<void> {
  await page.goto(url);
  await page.locator('.language-selector summary').click();
  const name = LANGUAGES.find((l) => l.code === lng)!.name;
  await Promise.all([page.waitForURL(/lng=/), page.getByRole('link', { name, exact: true }).click()]);
}

/** The portal's login form (the page a login link or a returnTo redirect shows). */
export async function logIn(page: Page, user: TestUser): Promise<void> {
  await page.fill('#userId', user.loginId);
  await page.fill('#password', GOOD_PASSWORD);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('#login')]);
}

/** From the header's 手続き検索 link: searches for `query` and opens the procedure `code` from the results. */
export async function findProcedure(page: Page, lng: Language, query: string, code: string): Promise<void> {
  await page
    .getByRole('navigation')
    .getByRole('link', { name: text(lng, 'frame.procedures'), exact: true })
    .click();
  await page.waitForURL(/\/procedures$|\/procedures\?/);
  await page.getByLabel(text(lng, 'procedures:search.q')).fill(query);
  await Promise.all([
    page.waitForURL(/[?&]q=/),
    page.getByRole('button', { name: text(lng, 'procedures:search.submit') }).click(),
  ]);
  await inLanguage(page, lng, 'search results');
  const name = procedureByCode(code)!.name[lng];
  await page.locator('.procedure-list').getByRole('link', { name, exact: true }).click();
  await page.waitForURL(new RegExp(`/procedures/${code}$`));
  expect(await page.textContent('h1')).toBe(name);
  await inLanguage(page, lng, 'procedure page');
}

/** A radio in the fieldset whose legend is `legendKey`'s text. */
const radioIn = (page: Page, lng: Language, legendKey: string, option: string) =>
  page.getByRole('group', { name: text(lng, legendKey) }).getByRole('radio', { name: option, exact: true });

/** Answers the eligibility questions: yes to each yes/no one, and the status of residence `status`. */
export async function answerEligibility(page: Page, lng: Language, questions: string[], status: string) {
  const yes = text(lng, 'applications:filing.eligibility.yes');
  for (const q of questions) await radioIn(page, lng, `applications:eligibility.question.${q}`, yes).check();
  const statusQuestion = `applications:eligibility.question.status.${questions.includes('applicantAbroad') ? 'wanted' : 'held'}`;
  const label = statusLabel(statusByCode(status)!, lng);
  await radioIn(page, lng, statusQuestion, label.text ?? label.name).check();
  await Promise.all([
    page.waitForURL(/\/applications\/drafts\/[0-9a-f-]{36}$/),
    page.getByRole('button', { name: text(lng, 'applications:filing.eligibility.start') }).click(),
  ]);
}

/** Fills a field by its label's text (the label also says 必須, hence no exact match). */
export const field = (page: Page, lng: Language, key: string) => page.getByLabel(text(lng, key));

export interface ApplicantForm {
  nameEn: string;
  nationality: string;
  dateOfBirth: string;
  passportNumber: string;
  residenceCardNumber?: string;
  addressInJapan?: string;
  wantedStatus?: string;
  organisation?: { name: string; address: string; phone: string };
}

/** The form's one page, filled in order, then 次へ. */
export async function fillForm(page: Page, lng: Language, f: ApplicantForm): Promise<void> {
  const form = 'applications:filing.form';
  await field(page, lng, 'fields.nameEn').fill(f.nameEn);
  await field(page, lng, `${form}.nationality`).selectOption(f.nationality);
  await field(page, lng, 'fields.dateOfBirth').fill(f.dateOfBirth);
  await page.getByRole('radio', { name: text(lng, 'genders.female'), exact: true }).check();
  await field(page, lng, `${form}.passportNumber`).fill(f.passportNumber);
  if (f.residenceCardNumber) await field(page, lng, `${form}.residenceCardNumber`).fill(f.residenceCardNumber);
  if (f.addressInJapan) await field(page, lng, `${form}.addressInJapan`).fill(f.addressInJapan);
  if (f.wantedStatus) await field(page, lng, `${form}.wantedStatus`).selectOption(f.wantedStatus);
  await field(page, lng, `${form}.wantedPeriodMonths`).fill('12');
  await field(page, lng, `${form}.reason`).fill('To keep working for the same employer.');
  await field(page, lng, `${form}.office`).selectOption('tokyo');
  if (f.organisation) {
    await field(page, lng, `${form}.organisationName`).fill(f.organisation.name);
    await field(page, lng, `${form}.organisationAddress`).fill(f.organisation.address);
    await field(page, lng, `${form}.organisationPhone`).fill(f.organisation.phone);
  }
  await Promise.all([
    page.waitForURL(/\/documents$/),
    page.getByRole('button', { name: text(lng, `${form}.next`), exact: true }).click(),
  ]);
}

// Enough of each format for the content checks (JPEG FF D8 FF, PDF %PDF-).
export const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(800),
  Buffer.from([0xff, 0xd9]),
]);
export const pdf = (n: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(n), Buffer.from('\n%%EOF\n')]);

/** The documents page: the face photo against its checklist item, PDFs under その他, 添付, then on to review. */
export async function attachDocuments(page: Page, lng: Language, code: string, pdfs: string[]): Promise<void> {
  const groups = procedureByCode(code)!.documents;
  const items = Array.isArray(groups) ? groups.flatMap((g) => ('items' in g ? g.items : [])) : [];
  const photoLabel = items.find((i) => i.kind === 'photo')!.label[lng];
  await page
    .getByLabel(photoLabel, { exact: true })
    .setInputFiles({ name: 'face.jpg', mimeType: 'image/jpeg', buffer: JPEG });
  if (pdfs.length)
    await page
      .getByLabel(text(lng, 'applications:filing.documents.other'), { exact: true })
      .and(page.locator('input'))
      .setInputFiles(pdfs.map((name, i) => ({ name, mimeType: 'application/pdf', buffer: pdf(1000 * (i + 1)) })));
  await loads(page, () =>
    page.getByRole('button', { name: text(lng, 'applications:filing.documents.uploadButton') }).click(),
  );
  const list = (await page.textContent('main'))!;
  for (const name of ['face.jpg', ...pdfs]) expect(list).toContain(name);
  await inLanguage(page, lng, 'documents');
  await Promise.all([
    page.waitForURL(/\/review$/),
    page.getByRole('link', { name: text(lng, 'applications:filing.documents.toReview') }).click(),
  ]);
}

/**
 * The review page: its 申請書 link answers a PDF (where `formPdf`); 申請する; returns the 受付番号 the done
 * page shows.
 */
export async function reviewAndSubmit(page: Page, lng: Language, formPdf = true): Promise<string> {
  await inLanguage(page, lng, 'review');
  if (formPdf) await formPdfAnswers(page, lng);
  await Promise.all([
    page.waitForURL(/\/applications\/submitted\//),
    page.getByRole('button', { name: text(lng, 'applications:filing.review.submit'), exact: true }).click(),
  ]);
  await inLanguage(page, lng, 'done');
  const number = (await page.textContent('#application-number'))!;
  expect(number).toMatch(/^A\d{4}-[0-9A-Z]{10}$/);
  return number;
}

/** The review page's 申請書 link, fetched with the page's cookies: a PDF. */
async function formPdfAnswers(page: Page, lng: Language): Promise<void> {
  const link = page.getByRole('link', { name: text(lng, 'applications:filing.review.pdf') });
  const form = await page.context().request.get(new URL((await link.getAttribute('href'))!, page.url()).href);
  expect(form.status()).toBe(200);
  expect(form.headers()['content-type']).toBe('application/pdf');
  expect((await form.body()).subarray(0, 5).toString()).toBe('%PDF-');
}

/** The status shown on the filer's page of the application (after a reload), in `lng`. */
export async function shownStatus(page: Page, lng: Language, step: string, reload = true): Promise<string> {
  if (reload) await page.reload();
  await inLanguage(page, lng, step);
  return (await page.textContent('#status'))!.trim();
}

/** The officer opens the application from the queue (its 受付番号 link) and presses `action`'s button. */
export async function officerOpens(desk: Page, office: { url: string }, number: string): Promise<void> {
  await desk.goto(`${office.url}/applications`);
  await Promise.all([
    desk.waitForURL(new RegExp(`/applications/${number}$`)),
    desk.locator(`tr[data-number="${number}"]`).getByRole('link', { name: number }).click(),
  ]);
}

/** Presses a button of the officer's application page (its ja text) and waits for the page it leads to. */
export async function officerPresses(desk: Page, key: string): Promise<void> {
  // The page starts no PDF viewer unasked (a viewer takes the focus when it starts, and a press was lost
  // that way in CI: test/browser/office-documents.browser-spec.ts), so the press lands where it is aimed.
  const button = desk.getByRole('button', { name: text('ja', `applications:examination.actions.${key}`), exact: true });
  const action = new URL(await button.evaluate((b) => (b as HTMLButtonElement).form!.action)).pathname;
  // Waits for the page the POST redirects to, not for any navigation: the page before may have the same URL.
  const landed = desk.waitForResponse((r) => {
    const from = r.request().redirectedFrom();
    return !!from && from.method() === 'POST' && new URL(from.url()).pathname === action;
  });
  await button.press('Enter');
  await landed;
  await desk.waitForLoadState('load');
  expect(new URL(desk.url()).searchParams.get('done')).toBe('1');
  expect(await desk.locator('#refusal').count()).toBe(0);
  expect(await desk.locator('[aria-invalid="true"]').count()).toBe(0);
}

/**
 * The mail to `user` that says `says` (flushing the outbox until it is there), checked: in the user's
 * language (`subjectKey`'s text), naming the procedure and linking to the page, and with none of the
 * applicant's personal data.
 */
export async function mailIn(
  portal: Running<NestExpressApplication>,
  user: TestUser,
  says: string,
  expected: { lng: Language; subjectKey: string; number: string; procedure: string; personal: string[] },
): Promise<CaughtMail> {
  let mail: CaughtMail | undefined;
  for (let i = 0; !mail && i < 200; i++) {
    if (i) await new Promise((r) => setTimeout(r, 25));
    await flushMail(portal);
    mail = (await mailsTo(user.email)).find(
      (m) => m.text.includes(says) && m.subject === text(expected.lng, expected.subjectKey),
    );
  }
  if (!mail)
    throw new Error(
      `no mail to ${user.email} saying ${says}: ${JSON.stringify((await mailsTo(user.email)).map((m) => m.text))}`,
    );
  expect(mail.subject).toBe(translated(expected.lng, expected.subjectKey));
  expect(mail.text).toContain(translated(expected.lng, 'mail:applications.common.noDetails'));
  expect(mail.text).toContain(procedureByCode(expected.procedure)!.name[expected.lng]);
  expect(mail.text).toContain(`/applications/${expected.number}`);
  for (const p of expected.personal) expect(`${mail.subject}\n${mail.text}\n${mail.html}`).not.toContain(p);
  return mail;
}
