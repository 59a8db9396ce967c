import { PdfFonts, PdfLine, calendarDate, japanDateTime, wrapLines } from '@app/platform';
import { ApplicationPdfInput, Bilingual } from './application-pdf-input';
import { CELL_PAD_X, INK, LABEL_WIDTH, MUTED, VALUE_WIDTH } from './form-layout';

export interface Row {
  label: PdfLine[];
  values: PdfLine[];
}

export interface Section {
  title: Bilingual | null;
  rows: Row[];
}

export class Styles {
  constructor(private readonly fonts: PdfFonts) {}

  value(text: string, bold = false): PdfLine {
    return { text, font: bold ? this.fonts.bold : this.fonts.regular, size: 10.5, color: INK };
  }

  secondary(text: string): PdfLine {
    return { text, font: this.fonts.regular, size: 8.5, color: MUTED };
  }

  both(value: Bilingual): PdfLine[] {
    return [this.value(value.ja), this.secondary(value.en)];
  }

  /** A table row: the label in Japanese over English, the values wrapped to their column. */
  row(label: Bilingual, values: PdfLine[]): Row {
    return {
      label: wrapLines(
        [
          { text: label.ja, font: this.fonts.bold, size: 9.5, color: INK },
          { text: label.en, font: this.fonts.regular, size: 8, color: MUTED },
        ],
        LABEL_WIDTH - 2 * CELL_PAD_X,
      ),
      values: wrapLines(values, VALUE_WIDTH),
    };
  }
}

const NONE: Bilingual = { ja: 'なし', en: 'None' };

/** A value the form does not ask (null) or an account does not have (blank) prints as a dash, never as an empty box. */
const shown = (value: string | null): string => (value === null || value.trim() === '' ? '—' : value);

function period(months: number): Bilingual {
  if (months % 12 === 0) {
    const years = months / 12;
    return { ja: `${years}年`, en: `${years} ${years === 1 ? 'year' : 'years'}` };
  }
  return { ja: `${months}か月`, en: `${months} ${months === 1 ? 'month' : 'months'}` };
}

/** Our own units, not Intl's: the same form must read the same whichever Node renders it. */
function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function sections(input: ApplicationPdfInput, s: Styles): Section[] {
  const { applicant, wanted, filer } = input;
  const dates = {
    birth: calendarDate(applicant.dateOfBirth),
    filed: input.filedAt && japanDateTime(input.filedAt),
    generated: japanDateTime(input.generatedAt),
  };
  const filerRows: Row[] = [
    s.row({ ja: '区分', en: 'Category' }, s.both(filer.category)),
    s.row({ ja: '氏名', en: 'Name' }, [s.value(shown(filer.nameEn), true)]),
  ];
  if (filer.organisation) {
    const org = filer.organisation;
    filerRows.push(
      s.row({ ja: '所属機関の名称', en: 'Organisation' }, [s.value(shown(org.name))]),
      s.row({ ja: '所属機関の所在地', en: 'Organisation address' }, [s.value(shown(org.address))]),
      s.row({ ja: '所属機関の電話番号', en: 'Organisation phone' }, [s.value(shown(org.phone))]),
    );
  }
  if (filer.representative) {
    // A lawyer (弁護士・行政書士) or a legal representative (親・後見人…): 代理人 names both.
    const rep = filer.representative;
    filerRows.push(
      s.row({ ja: '代理人の氏名', en: 'Representative' }, [s.value(shown(rep.name), true)]),
      s.row({ ja: '資格又は本人との関係', en: 'Qualification or relationship' }, [s.value(shown(rep.relationship))]),
      s.row({ ja: '代理人の住所', en: 'Representative address' }, [s.value(shown(rep.address))]),
      s.row({ ja: '代理人の電話番号', en: 'Representative phone' }, [s.value(shown(rep.phone))]),
    );
  }
  const documentRows = input.documents.map((doc, index) =>
    s.row({ ja: `${index + 1}. ${doc.label.ja}`, en: doc.label.en }, [
      s.value(doc.originalName),
      // The first 12 hex digits of the content hash tie the form to exactly the files filed with it.
      s.secondary(`${fileSize(doc.size)} · SHA-256 ${doc.sha256.slice(0, 12)}`),
    ]),
  );
  return [
    {
      title: null,
      rows: [
        s.row(
          { ja: '受付番号', en: 'Application No.' },
          input.number === null
            ? s.both({ ja: '未採番（下書き）', en: 'Not assigned (draft)' })
            : [s.value(input.number, true)],
        ),
        s.row(
          { ja: '申請日時', en: 'Filed at' },
          dates.filed ? s.both(dates.filed) : s.both({ ja: '未提出', en: 'Not filed' }),
        ),
        s.row({ ja: '作成日時', en: 'Generated at' }, s.both(dates.generated)),
      ],
    },
    {
      title: { ja: '申請人等', en: 'Applicant' },
      rows: [
        s.row({ ja: '氏名', en: 'Name' }, [s.value(applicant.nameEn, true)]),
        s.row(
          { ja: '国籍・地域', en: 'Nationality / Region' },
          s.both({
            ja: applicant.nationality.nameJa,
            en: `${applicant.nationality.nameEn} (${applicant.nationality.code})`,
          }),
        ),
        s.row({ ja: '生年月日', en: 'Date of birth' }, s.both(dates.birth)),
        s.row(
          { ja: '性別', en: 'Sex' },
          s.both(applicant.sex === 'male' ? { ja: '男', en: 'Male' } : { ja: '女', en: 'Female' }),
        ),
        s.row({ ja: '旅券番号', en: 'Passport number' }, [s.value(applicant.passportNumber)]),
        s.row(
          { ja: '在留カード番号', en: 'Residence card number' },
          applicant.residenceCardNumber === null ? s.both(NONE) : [s.value(applicant.residenceCardNumber)],
        ),
        s.row(
          { ja: '申請人の所在', en: 'Applicant is' },
          s.both(applicant.inJapan ? { ja: '日本国内', en: 'In Japan' } : { ja: '国外', en: 'Abroad' }),
        ),
        s.row(
          { ja: '日本における住居地', en: 'Address in Japan' },
          applicant.addressInJapan === null ? s.both(NONE) : [s.value(applicant.addressInJapan)],
        ),
      ],
    },
    {
      title: { ja: '申請内容', en: 'Application' },
      rows: [
        s.row(
          { ja: '申請の種類', en: 'Procedure' },
          s.both({ ja: input.procedure.nameJa, en: input.procedure.nameEn }),
        ),
        s.row({ ja: '希望する在留資格', en: 'Status of residence wanted' }, s.both(wanted.status)),
        s.row({ ja: '希望する在留期間', en: 'Period of stay wanted' }, s.both(period(wanted.periodMonths))),
        s.row(
          { ja: '申請理由', en: 'Reason' },
          wanted.reason.trim() === '' ? [s.value('—')] : wanted.reason.split('\n').map((p) => s.value(p)),
        ),
      ],
    },
    { title: { ja: '申請者（代理人・取次者）', en: 'Filer (representative or agent)' }, rows: filerRows },
    {
      title: { ja: '提出書類', en: 'Documents submitted' },
      rows: documentRows.length > 0 ? documentRows : [s.row({ ja: '提出書類', en: 'Documents' }, s.both(NONE))],
    },
  ];
}
