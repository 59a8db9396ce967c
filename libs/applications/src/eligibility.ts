import type { Category } from '@app/accounts';
import type { Procedure } from '@app/procedures';

/**
 * Who may file a procedure, and the questions asked before the form (docs/applications.md,
 * "Eligibility"). Pure: the filing pages render the questions, the services check the answers (once at
 * the draft's creation and again, from the full data, at submission), so a crafted request meets the
 * same rules as the page.
 */
export type QuestionId = 'applicantAbroad' | 'applicantInJapan' | 'residenceCard' | 'status' | 'filedWith';

/** A status the procedure does not take online, as the `status` answer carries it (`code` or `code:variant`). */
export const statusAnswer = (code: string, variant?: string): string => (variant ? `${code}:${variant}` : code);

export interface Question {
  id: QuestionId;
  kind: 'yesNo' | 'status' | 'procedure';
  /** `applications:eligibility.question.<id>.<procedure kind>` */
  labelKey: string;
  /** For `procedure`: the procedures it may be filed with. For `status`: allowed, then refused codes. */
  options?: string[];
}

export type Answers = Partial<Record<QuestionId, string | boolean>>;

export type RefusalReason =
  | 'category'
  | 'notAbroad'
  | 'notInJapan'
  | 'noResidenceCard'
  | 'statusNotOnline'
  | 'statusNotTaken'
  | 'filedAlone'
  | 'unanswered';

export interface EligibilityRefusal {
  question: QuestionId | 'category';
  reason: RefusalReason;
  /** `applications:eligibility.refused.<reason>`; `values` fill it in (the refused status's code, etc.). */
  messageKey: `applications:eligibility.refused.${RefusalReason}`;
  values?: Record<string, string>;
}

export type EligibilityResult = { ok: true } | { ok: false; refusals: EligibilityRefusal[] };

/** Where the applicant must be: a COE is applied for someone abroad, every other procedure in Japan. */
export const applicantIsAbroad = (p: Pick<Procedure, 'code'>): boolean => p.code === 'coe';

/** Who holds a residence card already: every in-Japan procedure but 在留資格取得 (a birth or a lost nationality). */
export const needsResidenceCard = (p: Pick<Procedure, 'code'>): boolean =>
  !applicantIsAbroad(p) && p.code !== 'acquisition';

export const mayFile = (p: Pick<Procedure, 'filers'>, category: Category): boolean =>
  (p.filers as readonly string[]).includes(category);

/** The questions for `procedure`, in the order the page asks them. */
export function eligibilityQuestions(p: Procedure): Question[] {
  const qs: Question[] = [];
  if (applicantIsAbroad(p)) qs.push({ id: 'applicantAbroad', kind: 'yesNo', labelKey: q('applicantAbroad') });
  else qs.push({ id: 'applicantInJapan', kind: 'yesNo', labelKey: q('applicantInJapan') });
  if (needsResidenceCard(p)) qs.push({ id: 'residenceCard', kind: 'yesNo', labelKey: q('residenceCard') });
  qs.push({
    id: 'status',
    kind: 'status',
    // The wanted status (COE, change, acquisition) or the one held (extension and the rest).
    labelKey: q(`status.${p.code === 'coe' || p.code === 'change' || p.code === 'acquisition' ? 'wanted' : 'held'}`),
    options: [...p.statuses.allowed, ...p.statuses.notOnline.map((s) => statusAnswer(s.code, s.variant))],
  });
  if (p.filedWith) qs.push({ id: 'filedWith', kind: 'procedure', labelKey: q('filedWith'), options: [...p.filedWith] });
  return qs;
}

const q = (id: string) => `applications:eligibility.question.${id}`;

const refusal = (
  question: EligibilityRefusal['question'],
  reason: RefusalReason,
  values?: Record<string, string>,
): EligibilityRefusal => ({
  question,
  reason,
  messageKey: `applications:eligibility.refused.${reason}`,
  ...(values ? { values } : {}),
});

const yes = (v: unknown): boolean | undefined =>
  v === true || v === 'yes' ? true : v === false || v === 'no' ? false : undefined;

function statusRefusal(p: Procedure, answer: unknown): EligibilityRefusal | undefined {
  if (typeof answer !== 'string' || !answer) return refusal('status', 'unanswered');
  const [code, variant] = answer.split(':');
  const notOnline = p.statuses.notOnline.find((s) => s.code === code && s.variant === variant);
  // 特定活動（出国準備期間）is refused by its variant; 特定活動 itself stays allowed.
  if (notOnline) return refusal('status', 'statusNotOnline', { status: answer });
  if (variant || !p.statuses.allowed.includes(code)) return refusal('status', 'statusNotTaken', { status: answer });
  return undefined;
}

/** Whether `category` may file `procedure` with these answers; every reason, so the page lists them all. */
export function checkEligibility(p: Procedure, category: Category, answers: Answers): EligibilityResult {
  const refusals: EligibilityRefusal[] = [];
  if (!mayFile(p, category)) refusals.push(refusal('category', 'category'));
  if (applicantIsAbroad(p)) {
    const abroad = yes(answers.applicantAbroad);
    if (abroad === undefined) refusals.push(refusal('applicantAbroad', 'unanswered'));
    else if (!abroad) refusals.push(refusal('applicantAbroad', 'notAbroad'));
  } else {
    const inJapan = yes(answers.applicantInJapan);
    if (inJapan === undefined) refusals.push(refusal('applicantInJapan', 'unanswered'));
    else if (!inJapan) refusals.push(refusal('applicantInJapan', 'notInJapan'));
  }
  if (needsResidenceCard(p)) {
    const card = yes(answers.residenceCard);
    if (card === undefined) refusals.push(refusal('residenceCard', 'unanswered'));
    else if (!card) refusals.push(refusal('residenceCard', 'noResidenceCard'));
  }
  const status = statusRefusal(p, answers.status);
  if (status) refusals.push(status);
  if (p.filedWith) {
    const w = answers.filedWith;
    if (typeof w !== 'string' || !p.filedWith.includes(w)) refusals.push(refusal('filedWith', 'filedAlone'));
  }
  return refusals.length ? { ok: false, refusals } : { ok: true };
}
