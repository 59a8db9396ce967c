import { PDFDocument, PDFPage } from 'pdf-lib';
import { PdfFonts, PdfLine, drawLines, linesHeight } from '@app/platform';
import {
  APPLICATION_PDF_LIMITS,
  ApplicationPdfInput,
  ApplicationPdfLimitError,
  Bilingual,
} from './application-pdf-input';
import {
  CELL_PAD_X,
  CELL_PAD_Y,
  CONTENT_BOTTOM,
  CONTENT_TOP,
  CONTENT_WIDTH,
  DRAFT_MARK,
  DRAFT_RED,
  FOOTER_Y,
  HEADING_HEIGHT,
  INK,
  KEEP_WHOLE_LINES,
  LABEL_FILL,
  LABEL_WIDTH,
  MARGIN_X,
  MUTED,
  NAVY,
  PAGE_HEIGHT,
  PAGE_WIDTH,
  RULE,
  SECTION_GAP,
  WHITE,
} from './form-layout';
import { Row, Section } from './form-sections';

/** Places sections down the pages, starting a page (with its running header) when one is full. */
export class Flow {
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
