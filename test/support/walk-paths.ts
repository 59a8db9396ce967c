/// <reference lib="dom" />
import type { Language } from '@app/platform';
import { makeUser } from './factories';
import {
  answerEligibility,
  attachDocuments,
  chooseLanguage,
  field,
  fillForm,
  findProcedure,
  inLanguage,
  logIn,
  mailIn,
  officerOpens,
  officerPresses,
  reviewAndSubmit,
  shownStatus,
  text,
  translated,
  useWalk,
} from './walk';

/** What a reader of each language might type to find 在留期間更新許可申請 (not copied from the data's keywords). */
const EXTENSION_QUERY: Record<Language, string> = {
  ja: '在留期間 更新',
  en: 'extend stay',
  'zh-Hans': '在留期间 更新',
  'zh-Hant': '在留期間 更新',
  ko: '재류기간 갱신',
  es: 'prórroga estancia',
  vi: 'gia hạn lưu trú',
  tl: 'palawigin pananatili',
};

/** …and 在留資格認定証明書交付申請, as a school's staff might. */
const COE_QUERY: Record<Language, string> = {
  ja: '認定証明書',
  en: 'certificate of eligibility',
  'zh-Hans': '认定证明书',
  'zh-Hant': '認定證明書',
  ko: '인정증명서',
  es: 'certificado de elegibilidad',
  vi: 'chứng nhận tư cách lưu trú',
  tl: 'certificate of eligibility',
};

// The applicant's data: no kana (the pages' language check looks for kana), nothing a mail may carry.
const APPLICANT = {
  nameEn: 'NGUYEN THI MAI',
  nationality: 'VNM',
  dateOfBirth: '1996-07-15',
  passportNumber: 'C7654321',
  residenceCardNumber: 'AB87654321CD',
  addressInJapan: '東京都新宿区西新宿2-8-1',
};
const PERSONAL = ['NGUYEN', 'C7654321', 'AB87654321CD', '1996', '西新宿', 'Viet', 'VNM'];
const DEADLINE = '2026-04-30';

type Walk = ReturnType<typeof useWalk>;

/**
 * Issue 13's Done-when for a foreign national in `lng`: 手続き検索 → 在留期間更新許可申請 → eligibility → form →
 * a photo and two PDFs → review (its 申請書 PDF) → 受付番号 and 受付通知; the officer starts the examination
 * (審査中), asks for documents, the user answers with a PDF and a note, the officer decides; the decision
 * is mailed and shown, each in `lng`.
 */
export async function walkExtension(w: Walk, lng: Language, decision: 'approve' | 'deny'): Promise<void> {
  const user = await makeUser(w.portal, { lng, nameEn: APPLICANT.nameEn });
  const page = await w.person();
  const mail = { lng, number: '', procedure: 'extension', personal: PERSONAL };

  await chooseLanguage(page, w.portal.url, lng);
  await inLanguage(page, lng, 'top page');
  await findProcedure(page, lng, EXTENSION_QUERY[lng], 'extension');
  await page.getByRole('link', { name: text(lng, 'procedures:show.apply') }).click();
  await page.waitForURL(/\/login/);
  await logIn(page, user);
  await page.waitForURL(/\/applications\/new\?procedure=extension/);
  await inLanguage(page, lng, 'eligibility');
  await answerEligibility(page, lng, ['applicantInJapan', 'residenceCard'], APPLICATION_STATUS);
  await inLanguage(page, lng, 'form');
  await fillForm(page, lng, { ...APPLICANT, wantedStatus: APPLICATION_STATUS });
  await attachDocuments(page, lng, 'extension', ['employment-contract.pdf', 'tax-certificate.pdf']);
  mail.number = await reviewAndSubmit(page, lng);

  await mailIn(w.portal, user, mail.number, { ...mail, subjectKey: 'mail:applications.received.subject' });
  await page.getByRole('link', { name: text(lng, 'applications:filing.done.link') }).click();
  await page.waitForURL(new RegExp(`/applications/${mail.number}$`));
  expect(await shownStatus(page, lng, 'received', false)).toBe(translated(lng, 'applications:status.received'));

  await officerOpens(w.desk, w.office, mail.number);
  await officerPresses(w.desk, 'examine');
  expect(await shownStatus(page, lng, 'examining')).toBe(translated(lng, 'applications:status.examining'));

  const message = 'Please submit the tax certificate (課税証明書) for 2025.';
  await field(w.desk, 'ja', 'applications:examination.fields.message').fill(message);
  await field(w.desk, 'ja', 'applications:examination.fields.deadline').fill(DEADLINE);
  await officerPresses(w.desk, 'requestDocuments');
  expect(await shownStatus(page, lng, 'documents requested')).toBe(
    translated(lng, 'applications:status.documents_requested'),
  );
  expect(await page.textContent('#request-message')).toBe(message);
  expect(await page.textContent('#request-deadline')).toContain(DEADLINE);

  await field(page, lng, 'applications:mine.answer.note').fill('The tax certificate for 2025 is attached.');
  await field(page, lng, 'applications:mine.answer.documents').setInputFiles({
    name: 'tax-2025.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7\n%%EOF\n'),
  });
  await Promise.all([
    page.waitForURL(/answered=1/),
    page.getByRole('button', { name: text(lng, 'applications:mine.answer.submit'), exact: true }).click(),
  ]);
  expect(await page.textContent('#answered')).toBe(translated(lng, 'applications:mine.answer.done'));
  expect(await page.textContent('#documents-list')).toContain('tax-2025.pdf');
  expect(await shownStatus(page, lng, 'answered', false)).toBe(translated(lng, 'applications:status.examining'));

  await w.desk.reload();
  expect(await w.desk.textContent('main')).toContain('tax-2025.pdf');
  const reason = 'The employment contract has ended (雇用契約終了).';
  if (decision === 'deny') await field(w.desk, 'ja', 'applications:examination.fields.denyReason').fill(reason);
  await officerPresses(w.desk, decision);

  const decided = `applications:status.decided_${decision === 'approve' ? 'approved' : 'denied'}`;
  const told = await mailIn(w.portal, user, translated(lng, decided), {
    ...mail,
    subjectKey: 'mail:applications.status-changed.subject',
  });
  expect(told.text).not.toContain('雇用契約');
  expect(await shownStatus(page, lng, 'decided')).toBe(translated(lng, decided));
  if (decision === 'deny') expect(await page.textContent('#decision-reason')).toBe(reason);
}

const APPLICATION_STATUS = 'engineer_specialist_in_humanities_international_services';

/**
 * Issue 13's Done-when for institution staff in `lng`: a COE application for someone abroad, found through
 * 手続き検索 and filed; the officer approves it (which issues the e-COE); the e-COE is in the staff
 * member's receipt ledger (受領登録), reached from マイページ.
 */
export async function walkCoe(w: Walk, lng: Language): Promise<void> {
  const staff = await makeUser(w.portal, { lng, category: 'institution_staff' });
  const page = await w.person();

  await chooseLanguage(page, w.portal.url, lng);
  await page
    .getByRole('navigation')
    .getByRole('link', { name: text(lng, 'frame.login'), exact: true })
    .click();
  await page.waitForURL(/\/login/);
  await logIn(page, staff);
  await findProcedure(page, lng, COE_QUERY[lng], 'coe');
  await page.getByRole('link', { name: text(lng, 'procedures:show.apply') }).click();
  await page.waitForURL(/\/applications\/new\?procedure=coe/);
  await inLanguage(page, lng, 'eligibility');
  await answerEligibility(page, lng, ['applicantAbroad'], 'student');
  await fillForm(page, lng, {
    nameEn: 'TRAN VAN BINH',
    nationality: 'VNM',
    dateOfBirth: '2004-03-02',
    passportNumber: 'C2468024',
    wantedStatus: 'student',
    organisation: { name: 'SAKURA LANGUAGE SCHOOL', address: '東京都新宿区高田馬場1-2-3', phone: '0312345678' },
  });
  await attachDocuments(page, lng, 'coe', ['admission-letter.pdf']);
  // The 申請書 PDF is fetched on the extension's walk; here the staff go straight on.
  const number = await reviewAndSubmit(page, lng, false);

  await officerOpens(w.desk, w.office, number);
  await officerPresses(w.desk, 'examine');
  await officerPresses(w.desk, 'approve');
  const coeNumber = (await w.desk.textContent('#coe-link'))!;
  expect(coeNumber).toMatch(/^[0-9A-Z-]+$/);

  await page.getByRole('link', { name: text(lng, 'applications:filing.done.link') }).click();
  expect(await shownStatus(page, lng, 'result')).toBe(translated(lng, 'applications:status.result_issued_approved'));
  expect(await page.textContent('#coe')).toBe(coeNumber);

  await page
    .getByRole('navigation')
    .getByRole('link', { name: text(lng, 'frame.mypage'), exact: true })
    .click();
  await page.waitForURL(/\/mypage$/);
  await page.getByRole('link', { name: text(lng, 'coe:ledger.title'), exact: true }).click();
  await page.waitForURL(/\/receipts$/);
  await inLanguage(page, lng, 'receipt ledger');
  const row = page.locator(`tr[data-number="${coeNumber}"]`);
  expect(await row.locator('.state').textContent()).toBe(translated(lng, 'coe:ledger.states.unregistered'));
  expect(await row.getByRole('link', { name: text(lng, 'coe:ledger.register') }).count()).toBe(1);
}

/**
 * Issue 13's Done-when in Chromium for some of the eight languages (each walk-*.browser-spec.ts file takes
 * four, so CI's two workers run them side by side): the foreign national's extension with the decision
 * given for that language, and the staff's COE application.
 */
export function describeWalk(decisions: [Language, 'approve' | 'deny'][]): void {
  const languages = decisions.map(([lng]) => lng);
  describe(`the Done-when path of issue 13 by the visible UI (${languages.join(' ')})`, () => {
    const w = useWalk();

    it.each(decisions)(
      'a foreign national finds and files an extension, answers a request and is told the decision, in %s (%s)',
      (lng, decision) => walkExtension(w, lng, decision),
    );

    it.each(languages)(
      'institution staff file a COE application whose e-COE lands in their receipt ledger, in %s',
      (lng) => walkCoe(w, lng),
    );
  });
}
