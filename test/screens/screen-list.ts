import { join } from 'node:path';

// Prettier loads its plugins by dynamic import, which Jest's vm refuses: it is loaded by Node itself
// (test/support/node-environment.js).
const prettier = (globalThis as unknown as { __requireOutsideVm: NodeJS.Require }).__requireOutsideVm(
  'prettier',
) as typeof import('prettier');

/**
 * The screens `npm run screens` photographs (test/screens/take-screens.run.ts), one PNG per screen per
 * language in docs/screens/, and the `## Screenshots` table of docs/manual-conformance.md built from them.
 */

/** The languages shot: the manual's two and one more whose text runs long (Vietnamese). */
export const SCREEN_LANGUAGES = ['ja', 'en', 'vi'] as const;
export type ScreenLanguage = (typeof SCREEN_LANGUAGES)[number];

export interface Screen {
  /** The manual section it belongs to (file names start with it). */
  section: string;
  slug: string;
  /** What the reviewer sees, in the table. */
  title: string;
  /** Other manual sections that show the same screen. */
  alsoFor?: string[];
}

export const SCREENS: readonly Screen[] = [
  { section: '1.5', slug: 'top-page', title: 'Top page, logged out', alsoFor: ['2.1'] },
  { section: '1.5', slug: 'top-page-320', title: 'Top page, logged out, 320 px wide' },
  { section: '1.5', slug: 'header-logged-in', title: 'Header, logged in (name, マイページ, ログアウト, last login)' },
  { section: '1.5', slug: 'procedure-search', title: '手続き検索 (procedure search), words typed' },
  { section: '1.5', slug: 'procedure-page', title: 'Procedure page (在留期間更新許可申請)' },
  { section: '1.6', slug: 'language-menu', title: 'Language menu open' },
  { section: '2.2', slug: 'login', title: 'Login (利用者ログイン)' },
  { section: '2.3', slug: 'logout', title: 'Logout confirmation' },
  { section: '2.3', slug: 'logged-out', title: 'After logout' },
  { section: '2.4', slug: 'forgot-user-id', title: 'Forgot user ID: e-mail entry' },
  { section: '2.4', slug: 'forgot-user-id-sent', title: 'Forgot user ID: sent' },
  { section: '2.5', slug: 'forgot-password', title: 'Forgot password: user ID and e-mail entry' },
  { section: '2.5', slug: 'forgot-password-sent', title: 'Forgot password: sent' },
  { section: '2.5', slug: 'reset-password', title: 'Forgot password: new password form (mailed link)' },
  { section: '2.6', slug: 'auto-logout-warning', title: 'Auto-logout warning dialog' },
  { section: '3', slug: 'terms', title: 'Registration: terms of use' },
  { section: '3', slug: 'email', title: 'Registration: e-mail entry' },
  { section: '3', slug: 'email-sent', title: 'Registration: mail sent' },
  { section: '3', slug: 'details', title: 'Registration: details form' },
  { section: '3', slug: 'details-errors', title: 'Registration: details form with errors' },
  { section: '3', slug: 'confirm', title: 'Registration: confirmation' },
  { section: '3', slug: 'complete', title: 'Registration: done (issued user ID)' },
  { section: '5', slug: 'receipt-ledger', title: 'Receipt ledger (受領登録)' },
  { section: '5', slug: 'receipt-ledger-320', title: 'Receipt ledger, 320 px wide' },
  { section: '5', slug: 'receipt-confirm-dialog', title: 'Receipt ledger: confirmation dialog' },
  { section: '5', slug: 'receipt-registered', title: 'Receipt ledger after registering' },
  { section: '6', slug: 'mypage', title: 'My page (マイページ)' },
  { section: '6', slug: 'user-detail', title: 'User detail (利用者詳細)' },
  { section: '6.1', slug: 'email-change', title: 'E-mail change: entry' },
  { section: '6.1', slug: 'email-change-sent', title: 'E-mail change: sent' },
  { section: '6.2', slug: 'password-change', title: 'Password change' },
  { section: '6.3', slug: 'profile-edit', title: 'Other information change: form' },
  { section: '6.3', slug: 'profile-confirm', title: 'Other information change: confirmation' },
];

/** What a registration's randomly issued user ID is shown as, so that a re-run draws the same picture. */
export const ISSUED_ID_SHOWN = 'HZ7RK2M4QX';

export const screenFile = (s: Screen, lng: ScreenLanguage): string => `${s.section}-${s.slug}.${lng}.png`;

export const SCREENSHOTS_HEADING = '## Screenshots';

/**
 * The last section of docs/manual-conformance.md: every screen, linked in each language, as Prettier
 * writes it (so `npm run format` leaves it alone).
 */
export async function screenshotsSection(): Promise<string> {
  const md = screenshotsMarkdown();
  const options = await prettier.resolveConfig(join(__dirname, '..', '..', 'docs', 'manual-conformance.md'));
  return prettier.format(md, { ...options, parser: 'markdown' });
}

function screenshotsMarkdown(): string {
  const rows = SCREENS.map((s) => {
    const sections = [s.section, ...(s.alsoFor ?? [])].join(', ');
    const links = SCREEN_LANGUAGES.map((l) => `[${l}](screens/${screenFile(s, l)})`);
    return `| ${sections} | ${s.title} | ${links.join(' | ')} |`;
  });
  return [
    SCREENSHOTS_HEADING,
    '',
    'Written by `npm run screens` (test/screens/take-screens.run.ts): every screen in Chromium, on throwaway data and',
    'a clock stopped at 2026-04-01 10:00 Japan time, 1024 px wide (the whole page up to 1600 px; dialogs and menus as',
    "the 768 px viewport shows them; two shots at 320 px), to hold against the manual's pictures. Re-run it after",
    `changing a page. The one value drawn at random, the user ID a registration issues, is shown as \`${ISSUED_ID_SHOWN}\`.`,
    '',
    `| manual section | screen | ${SCREEN_LANGUAGES.join(' | ')} |`,
    `|---|---|${SCREEN_LANGUAGES.map(() => '---').join('|')}|`,
    ...rows,
    '',
  ].join('\n');
}
