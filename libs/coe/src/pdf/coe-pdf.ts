import { PDFDocument, PDFHexString, PDFName, PDFPage } from 'pdf-lib';
import { toBuffer as qrToBuffer } from 'qrcode';
import {
  BilingualDate,
  PDF_COLOURS,
  PdfFonts as Fonts,
  PdfLine as Line,
  assertPrintable,
  calendarDate,
  drawLines,
  embedNotoSansJp,
  japanDate,
  linesHeight,
  wrapLines,
} from '@app/platform';

/** Everything printed on an e-COE. All times come from here: the PDF never reads the clock. */
export interface CoePdfInput {
  number: string;
  holderNameEn: string;
  nationality: { code: string; nameJa: string; nameEn: string };
  /** YYYY-MM-DD, a calendar date: no time zone applies. */
  dateOfBirth: string;
  gender: 'male' | 'female';
  statusOfResidence: { code: string; ja: string; en: string };
  issuingOffice: string;
  issuedAt: Date;
  validUntil: Date;
  verifyUrl: string;
}

/**
 * The verification QR code as a PNG. Level M survives a printed and re-scanned copy; the 4-module quiet
 * zone is what scanners need to find the symbol; 8 pixels a module keep it sharp when the PDF is zoomed.
 */
export function qrPng(url: string): Promise<Buffer> {
  return qrToBuffer(url, {
    type: 'png',
    errorCorrectionLevel: 'M',
    margin: 4,
    scale: 8,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
}

// ---------------------------------------------------------------------------------------------------
// Layout (points, A4 portrait, origin bottom left)

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 56;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN;
const LABEL_WIDTH = 150;
const CELL_PAD_X = 10;
/** Vertical padding of table cells, roomiest first: long values tighten the rows before they overflow. */
const CELL_PAD_Y = [9, 6, 3];
const QR_SIZE = 108;
const FOOTER_Y = 40;

const { ink: INK, muted: MUTED, rule: RULE, navy: NAVY, labelFill: LABEL_FILL } = PDF_COLOURS;

interface CertificateDates {
  birth: BilingualDate;
  issued: BilingualDate;
  validUntil: BilingualDate;
}

interface Row {
  label: Line[];
  values: Line[];
  contentHeight: number;
}

function tableRows(input: CoePdfInput, dates: CertificateDates, fonts: Fonts): Row[] {
  const primary = (text: string, bold = false): Line => ({
    text,
    font: bold ? fonts.bold : fonts.regular,
    size: 11.5,
    color: INK,
  });
  const secondary = (text: string): Line => ({ text, font: fonts.regular, size: 10, color: MUTED });
  const both = (value: BilingualDate): Line[] => [primary(value.ja), secondary(value.en)];
  const sex: BilingualDate = input.gender === 'male' ? { ja: '男', en: 'Male' } : { ja: '女', en: 'Female' };
  const fields: Array<[ja: string, en: string, values: Line[]]> = [
    ['証明書番号', 'Certificate No.', [primary(input.number, true)]],
    ['氏名', 'Name', [primary(input.holderNameEn, true)]],
    [
      '国籍・地域',
      'Nationality / Region',
      both({ ja: input.nationality.nameJa, en: `${input.nationality.nameEn} (${input.nationality.code})` }),
    ],
    ['生年月日', 'Date of birth', both(dates.birth)],
    ['性別', 'Sex', both(sex)],
    ['在留資格', 'Status of residence', both(input.statusOfResidence)],
    ['交付日', 'Date of issue', both(dates.issued)],
    ['有効期限', 'Valid until', both(dates.validUntil)],
    ['交付機関', 'Issuing office', [primary(input.issuingOffice)]],
  ];
  return fields.map(([ja, en, values]) => {
    const label = wrapLines(
      [
        { text: ja, font: fonts.bold, size: 10, color: INK },
        { text: en, font: fonts.regular, size: 8.5, color: MUTED },
      ],
      LABEL_WIDTH - 2 * CELL_PAD_X,
    );
    const wrapped = wrapLines(values, CONTENT_WIDTH - LABEL_WIDTH - 2 * CELL_PAD_X);
    return { label, values: wrapped, contentHeight: Math.max(linesHeight(label), linesHeight(wrapped)) };
  });
}

function tableHeight(rows: Row[], padY: number): number {
  return rows.reduce((sum, row) => sum + row.contentHeight + 2 * padY, 0);
}

function drawTable(page: PDFPage, rows: Row[], top: number, padY: number): void {
  const bottom = top - tableHeight(rows, padY);
  // The label column is shaded in one piece, first, so that no fill paints over a rule.
  page.drawRectangle({ x: MARGIN, y: bottom, width: LABEL_WIDTH, height: top - bottom, color: LABEL_FILL });
  let y = top;
  rows.forEach((row, index) => {
    const height = row.contentHeight + 2 * padY;
    // Both columns are centred vertically, so a one-line value sits level with its two-line label.
    drawLines(page, row.label, MARGIN + CELL_PAD_X, y - (height - linesHeight(row.label)) / 2);
    drawLines(page, row.values, MARGIN + LABEL_WIDTH + CELL_PAD_X, y - (height - linesHeight(row.values)) / 2);
    y -= height;
    if (index < rows.length - 1) {
      page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + CONTENT_WIDTH, y }, thickness: 0.5, color: RULE });
    }
  });
  const divider = MARGIN + LABEL_WIDTH;
  page.drawLine({ start: { x: divider, y: top }, end: { x: divider, y: bottom }, thickness: 0.5, color: RULE });
  page.drawRectangle({
    x: MARGIN,
    y: bottom,
    width: CONTENT_WIDTH,
    height: top - bottom,
    borderColor: NAVY,
    borderWidth: 1,
  });
}

/** Makes a rectangle of the page open `url` when clicked, for readers who open the PDF on a screen. */
function addLink(pdf: PDFDocument, page: PDFPage, rect: [number, number, number, number], url: string): void {
  const context = pdf.context;
  const annotation = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Link',
      Rect: rect,
      Border: [0, 0, 0],
      // A hex string carries any URL byte for byte, where a literal string would need escaping.
      A: { Type: 'Action', S: 'URI', URI: PDFHexString.of(Buffer.from(url, 'utf8').toString('hex')) },
    }),
  );
  const annots = page.node.Annots();
  if (annots) annots.push(annotation);
  else page.node.set(PDFName.of('Annots'), context.obj([annotation]));
}

/** Renders the one-page e-COE that is attached to the recipient's e-mail. Same input, same bytes. */
export async function renderCoePdf(input: CoePdfInput): Promise<Buffer> {
  // Dates first: a bad one is refused before any font is loaded.
  const dates: CertificateDates = {
    birth: calendarDate(input.dateOfBirth),
    issued: japanDate(input.issuedAt),
    validUntil: japanDate(input.validUntil),
  };
  const { issued, validUntil } = dates;
  // updateMetadata: false keeps pdf-lib from stamping the current time (and its own producer) in.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const [fonts, qr] = await Promise.all([embedNotoSansJp(pdf, input), qrPng(input.verifyUrl)]);
  const qrImage = await pdf.embedPng(qr);

  pdf.setTitle(`在留資格認定証明書 / Certificate of Eligibility ${input.number}`, { showInWindowTitleBar: true });
  pdf.setSubject(`Certificate of Eligibility No. ${input.number}, valid until ${validUntil.en}`);
  pdf.setAuthor(input.issuingOffice);
  pdf.setCreator('Residence Online');
  pdf.setProducer('Residence Online (pdf-lib)');
  pdf.setLanguage('ja');
  pdf.setCreationDate(input.issuedAt);
  pdf.setModificationDate(input.issuedAt);

  // Everything is measured and wrapped before anything is drawn, so a certificate that cannot fit is
  // refused whole rather than drawn clipped.
  const heading: Line[] = [
    { text: '在留資格認定証明書', font: fonts.bold, size: 24, color: INK },
    { text: 'CERTIFICATE OF ELIGIBILITY', font: fonts.bold, size: 12.5, color: NAVY },
  ];
  const certification = wrapLines(
    [
      // Broken by hand at a phrase boundary: fixed text deserves better than a break inside こと.
      {
        text: '下記の外国人は、出入国管理及び難民認定法第7条第1項第2号に掲げる上陸のための条件に',
        font: fonts.regular,
        size: 10,
        color: INK,
      },
      { text: '適合していることを証明する。', font: fonts.regular, size: 10, color: INK },
      {
        text:
          'This is to certify that the foreign national named below meets the conditions for landing set out in ' +
          'Article 7, paragraph 1, item 2 of the Immigration Control and Refugee Recognition Act.',
        font: fonts.regular,
        size: 8.5,
        color: MUTED,
      },
    ],
    CONTENT_WIDTH,
  );
  const rows = tableRows(input, dates, fonts);
  // The note sits beside the QR code, which takes the bottom-right corner.
  const noteWidth = CONTENT_WIDTH - QR_SIZE - 18;
  const note = wrapLines(
    [
      { text: '確認方法 / Verification', font: fonts.bold, size: 10, color: NAVY },
      {
        text:
          `この証明書は${validUntil.ja}まで有効です。右のQRコードを読み取るか、下記のURLを開くと、` +
          'この証明書が真正なものであること及び現在有効であることを確認できます。',
        font: fonts.regular,
        size: 9,
        color: INK,
      },
      {
        text:
          `This certificate is valid until ${validUntil.en}. Scan the QR code or open the URL below to verify ` +
          'that it is authentic and still valid.',
        font: fonts.regular,
        size: 8.5,
        color: MUTED,
      },
    ],
    noteWidth,
  );
  const url = wrapLines([{ text: input.verifyUrl, font: fonts.regular, size: 8.5, color: NAVY }], noteWidth);
  const footer: Line = {
    text: `電子交付 / Issued electronically · ${issued.ja} / ${issued.en} · ${input.number}`,
    font: fonts.regular,
    size: 7.5,
    color: MUTED,
  };
  assertPrintable(fonts, [...heading, ...certification, ...rows.flatMap((r) => r.values), ...note, ...url, footer]);

  const headingTop = PAGE_HEIGHT - 72;
  const rulesY = headingTop - linesHeight(heading) - 8;
  const certificationTop = rulesY - 16;
  const tableTop = certificationTop - linesHeight(certification) - 12;
  const blockBottom = FOOTER_Y + 28;
  const blockHeight = Math.max(QR_SIZE, linesHeight(note) + linesHeight(url));
  const blockTop = blockBottom + blockHeight;
  const padY = CELL_PAD_Y.find((pad) => tableHeight(rows, pad) <= tableTop - blockTop - 16);
  if (padY === undefined) throw new RangeError(`The certificate ${input.number} does not fit on one page`);

  const page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);

  // A double frame, as on printed certificates.
  for (const [inset, borderWidth] of [
    [24, 1.5],
    [28, 0.5],
  ]) {
    page.drawRectangle({
      x: inset,
      y: inset,
      width: PAGE_WIDTH - 2 * inset,
      height: PAGE_HEIGHT - 2 * inset,
      borderColor: NAVY,
      borderWidth,
    });
  }

  drawLines(page, heading, PAGE_WIDTH / 2, headingTop, 'center');
  const right = PAGE_WIDTH - MARGIN;
  page.drawLine({ start: { x: MARGIN, y: rulesY }, end: { x: right, y: rulesY }, thickness: 1.2, color: NAVY });
  page.drawLine({ start: { x: MARGIN, y: rulesY - 3 }, end: { x: right, y: rulesY - 3 }, thickness: 0.4, color: NAVY });
  drawLines(page, certification, MARGIN, certificationTop);
  drawTable(page, rows, tableTop, padY);

  const qrX = right - QR_SIZE;
  page.drawImage(qrImage, { x: qrX, y: blockBottom, width: QR_SIZE, height: QR_SIZE });
  addLink(pdf, page, [qrX, blockBottom, right, blockBottom + QR_SIZE], input.verifyUrl);
  // The note and URL are centred on the QR code's height (or fill the block when taller).
  const noteTop = blockTop - (blockHeight - linesHeight(note) - linesHeight(url)) / 2;
  const urlTop = drawLines(page, note, MARGIN, noteTop);
  const urlBottom = drawLines(page, url, MARGIN, urlTop);
  const urlWidth = Math.max(...url.map((line) => line.font.widthOfTextAtSize(line.text, line.size)));
  addLink(pdf, page, [MARGIN, urlBottom, MARGIN + urlWidth, urlTop], input.verifyUrl);

  page.drawLine({
    start: { x: MARGIN, y: FOOTER_Y + 12 },
    end: { x: right, y: FOOTER_Y + 12 },
    thickness: 0.4,
    color: RULE,
  });
  drawLines(page, [footer], PAGE_WIDTH / 2, FOOTER_Y + 8, 'center');

  // A classic cross-reference table instead of compressed object streams: readers older than PDF 1.5
  // open it, and the font and metadata dictionaries stay plain text for anyone inspecting the file.
  const saved = await pdf.save({ useObjectStreams: false });
  return Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength);
}
