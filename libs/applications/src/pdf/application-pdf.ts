import { PDFDocument, PDFPage, rgb } from 'pdf-lib';
import {
  BilingualDate,
  PDF_COLOURS,
  PdfFonts,
  PdfLine,
  assertPrintable,
  calendarDate,
  drawLines,
  embedNotoSansJp,
  japanDateTime,
  linesHeight,
  wrapLines,
} from '@app/platform';
import {
  APPLICATION_PDF_LIMITS,
  ApplicationPdfInput,
  ApplicationPdfLimitError,
  Bilingual,
  checkedInput,
} from './application-pdf-input';

// Layout in points, A4 portrait, origin bottom left.
const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN_X = 48;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const CONTENT_TOP = PAGE_HEIGHT - 56;
const CONTENT_BOTTOM = 60;
const FOOTER_Y = 44;
const LABEL_WIDTH = 150;
const CELL_PAD_X = 8;
const CELL_PAD_Y = 5;
const VALUE_WIDTH = CONTENT_WIDTH - LABEL_WIDTH - 2 * CELL_PAD_X;
const HEADING_HEIGHT = 20;
const SECTION_GAP = 12;
/** A row this short moves to the next page whole rather than being split. */
const KEEP_WHOLE_LINES = 4;

const { ink: INK, muted: MUTED, rule: RULE, navy: NAVY, labelFill: LABEL_FILL } = PDF_COLOURS;
const WHITE = rgb(1, 1, 1);
const DRAFT_RED = rgb(0.72, 0.11, 0.11);

/** Printed across the top of every page of a draft, so that no page of one can pass for a filed form. */
export const DRAFT_MARK = '下書き / DRAFT — 未提出';

interface Row {
  label: PdfLine[];
  values: PdfLine[];
}

interface Section {
  title: Bilingual | null;
  rows: Row[];
}

class Styles {
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

function sections(input: ApplicationPdfInput, s: Styles): Section[] {
  const { applicant, wanted, filer } = input;
  const dates = {
    birth: calendarDate(applicant.dateOfBirth),
    filed: input.filedAt && japanDateTime(input.filedAt),
    generated: japanDateTime(input.generatedAt),
  };
  const bothDate = (date: BilingualDate): PdfLine[] => s.both(date);
  const filerRows: Row[] = [
    s.row({ ja: '区分', en: 'Category' }, s.both(filer.category)),
    s.row({ ja: '氏名', en: 'Name' }, [s.value(filer.nameEn, true)]),
  ];
  if (filer.organisation) {
    const org = filer.organisation;
    filerRows.push(
      s.row({ ja: '所属機関の名称', en: 'Organisation' }, [s.value(org.name)]),
      s.row({ ja: '所属機関の所在地', en: 'Organisation address' }, [s.value(org.address)]),
      s.row({ ja: '所属機関の電話番号', en: 'Organisation phone' }, [s.value(org.phone)]),
    );
  }
  if (filer.representative) {
    const rep = filer.representative;
    filerRows.push(
      s.row({ ja: '法定代理人の氏名', en: 'Legal representative' }, [s.value(rep.name, true)]),
      s.row({ ja: '本人との関係', en: 'Relationship to the applicant' }, [s.value(rep.relationship)]),
      s.row({ ja: '法定代理人の住所', en: 'Representative address' }, [s.value(rep.address)]),
      s.row({ ja: '法定代理人の電話番号', en: 'Representative phone' }, [s.value(rep.phone)]),
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
          dates.filed ? bothDate(dates.filed) : s.both({ ja: '未提出', en: 'Not filed' }),
        ),
        s.row({ ja: '作成日時', en: 'Generated at' }, bothDate(dates.generated)),
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
        s.row({ ja: '生年月日', en: 'Date of birth' }, bothDate(dates.birth)),
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

/** Places sections down the pages, starting a page (with its running header) when one is full. */
class Flow {
  readonly pages: PDFPage[] = [];
  private y = 0;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: PdfFonts,
    private readonly input: ApplicationPdfInput,
  ) {}

  private get page(): PDFPage {
    return this.pages[this.pages.length - 1];
  }

  private room(): number {
    return this.y - CONTENT_BOTTOM;
  }

  newPage(): void {
    if (this.pages.length === APPLICATION_PDF_LIMITS.pages) {
      throw new ApplicationPdfLimitError('pages', 'pages', this.pages.length + 1);
    }
    const page = this.pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    this.pages.push(page);
    this.y = CONTENT_TOP;
    if (this.input.number === null) {
      const band = { top: PAGE_HEIGHT - 14, height: 26 };
      page.drawRectangle({ x: 0, y: band.top - band.height, width: PAGE_WIDTH, height: band.height, color: DRAFT_RED });
      const mark = this.line(DRAFT_MARK, 11, WHITE, true);
      drawLines(page, [mark], PAGE_WIDTH / 2, band.top - (band.height - linesHeight([mark])) / 2, 'center');
    }
    if (this.pages.length > 1) {
      const running = this.line(`${this.input.procedure.nameJa} 申請書 / Application form`, 8, MUTED);
      this.y = drawLines(page, [running], MARGIN_X, this.y) - 6;
    }
  }

  line(text: string, size: number, color = INK, bold = false): PdfLine {
    return { text, font: bold ? this.fonts.bold : this.fonts.regular, size, color };
  }

  /** The lines as a block at the current position (the form's heading). */
  block(lines: PdfLine[], align: 'left' | 'center', gap: number): void {
    const x = align === 'center' ? PAGE_WIDTH / 2 : MARGIN_X;
    this.y = drawLines(this.page, lines, x, this.y, align) - gap;
  }

  rule(): void {
    const right = PAGE_WIDTH - MARGIN_X;
    this.page.drawLine({
      start: { x: MARGIN_X, y: this.y },
      end: { x: right, y: this.y },
      thickness: 1.2,
      color: NAVY,
    });
    this.y -= 12;
  }

  section(section: Section): void {
    const first = section.rows[0];
    const firstHeight = Math.min(
      rowHeight(first.label, first.values),
      rowHeight(first.label, first.values.slice(0, 2)),
    );
    if (this.room() < (section.title ? HEADING_HEIGHT : 0) + firstHeight) this.newPage();
    this.heading(section.title, false);
    for (const row of section.rows) this.row(row, section.title);
    this.y -= SECTION_GAP;
  }

  private heading(title: Bilingual | null, continued: boolean): void {
    if (!title) return;
    const top = this.y;
    this.page.drawRectangle({
      x: MARGIN_X,
      y: top - HEADING_HEIGHT,
      width: CONTENT_WIDTH,
      height: HEADING_HEIGHT,
      color: NAVY,
    });
    const text = continued ? `${title.ja}（続き） / ${title.en} (continued)` : `${title.ja} / ${title.en}`;
    drawLines(this.page, [this.line(text, 10, WHITE, true)], MARGIN_X + CELL_PAD_X, top - (HEADING_HEIGHT - 14) / 2);
    this.y = top - HEADING_HEIGHT;
  }

  /** A row, split between its lines over pages when it is long (a 2000-character reason). */
  private row(row: Row, title: Bilingual | null): void {
    let values = row.values;
    let label = row.label;
    for (let whole = true; ; whole = false) {
      if (rowHeight(label, values) <= this.room()) {
        this.cell(label, values);
        return;
      }
      const available = this.room() - 2 * CELL_PAD_Y;
      let fitting = 0;
      while (fitting < values.length && linesHeight(values.slice(0, fitting + 1)) <= available) fitting += 1;
      const tooShortToSplit = whole && values.length <= KEEP_WHOLE_LINES;
      if (!tooShortToSplit && fitting >= 2 && linesHeight(label) <= available) {
        this.cell(label, values.slice(0, fitting));
        values = values.slice(fitting);
        label = [label[0], this.line('（続き） / (continued)', 8, MUTED)];
      }
      this.newPage();
      this.heading(title, true);
    }
  }

  private cell(label: PdfLine[], values: PdfLine[]): void {
    const top = this.y;
    const height = rowHeight(label, values);
    const bottom = top - height;
    this.page.drawRectangle({ x: MARGIN_X, y: bottom, width: LABEL_WIDTH, height, color: LABEL_FILL });
    this.page.drawRectangle({
      x: MARGIN_X,
      y: bottom,
      width: CONTENT_WIDTH,
      height,
      borderColor: RULE,
      borderWidth: 0.5,
    });
    const divider = MARGIN_X + LABEL_WIDTH;
    this.page.drawLine({ start: { x: divider, y: top }, end: { x: divider, y: bottom }, thickness: 0.5, color: RULE });
    drawLines(this.page, label, MARGIN_X + CELL_PAD_X, top - CELL_PAD_Y);
    drawLines(this.page, values, divider + CELL_PAD_X, top - CELL_PAD_Y);
    this.y = bottom;
  }

  /** Page numbers and the form's identity at the foot of every page, once the page count is known. */
  footers(): void {
    const ident = this.input.number === null ? DRAFT_MARK : `受付番号 / Application No. ${this.input.number}`;
    this.pages.forEach((page, index) => {
      const right = PAGE_WIDTH - MARGIN_X;
      page.drawLine({
        start: { x: MARGIN_X, y: FOOTER_Y + 8 },
        end: { x: right, y: FOOTER_Y + 8 },
        thickness: 0.4,
        color: RULE,
      });
      drawLines(page, [this.line(ident, 7.5, MUTED)], MARGIN_X, FOOTER_Y + 4);
      drawLines(page, [this.line(`${index + 1} / ${this.pages.length}`, 7.5, MUTED)], right, FOOTER_Y + 4, 'right');
    });
  }
}

function rowHeight(label: PdfLine[], values: PdfLine[]): number {
  return Math.max(linesHeight(label), linesHeight(values)) + 2 * CELL_PAD_Y;
}

/**
 * Renders the 申請書 (application form) from the application's data: A4, labels in Japanese and English
 * as on the official forms, long texts wrapped over lines and pages. Same input, same bytes.
 */
export async function renderApplicationPdf(raw: ApplicationPdfInput): Promise<Buffer> {
  // Limits and dates first: bad input is refused before any font is loaded.
  const input = checkedInput(raw);
  calendarDate(input.applicant.dateOfBirth);
  japanDateTime(input.generatedAt);

  // updateMetadata: false keeps pdf-lib from stamping the current time (and its own producer) in.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedNotoSansJp(pdf, input);
  const styles = new Styles(fonts);

  // The metadata names the procedure only: a PDF's properties show in file lists, window titles and
  // search indexes, where the applicant's name has no business.
  pdf.setTitle(`${input.procedure.nameJa} 申請書`, { showInWindowTitleBar: true });
  pdf.setSubject(`Application form: ${input.procedure.nameEn}`);
  pdf.setCreator('Residence Online');
  pdf.setProducer('Residence Online (pdf-lib)');
  pdf.setLanguage('ja');
  pdf.setCreationDate(input.generatedAt);
  pdf.setModificationDate(input.generatedAt);

  const flow = new Flow(pdf, fonts, input);
  const heading = wrapLines(
    [
      flow.line(`${input.procedure.nameJa} 申請書`, 17, INK, true),
      flow.line(`Application form: ${input.procedure.nameEn}`, 10.5, NAVY, true),
    ],
    CONTENT_WIDTH,
  );
  const note = wrapLines(
    [
      flow.line('この申請書は、オンライン申請で入力された内容から作成したものです。', 8.5, MUTED),
      flow.line('This form was generated from the data entered in the online application.', 8, MUTED),
    ],
    CONTENT_WIDTH,
  );
  const body = sections(input, styles);
  assertPrintable(fonts, [
    ...heading,
    ...note,
    ...body.flatMap((section) => section.rows.flatMap((row) => [...row.label, ...row.values])),
  ]);

  flow.newPage();
  flow.block(heading, 'center', 6);
  flow.rule();
  flow.block(note, 'left', 8);
  for (const section of body) flow.section(section);
  flow.footers();

  // A classic cross-reference table, as for the e-COE: the metadata stays plain text for inspection.
  const saved = await pdf.save({ useObjectStreams: false });
  return Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength);
}
