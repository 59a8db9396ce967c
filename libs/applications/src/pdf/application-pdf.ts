import { PDFDocument } from 'pdf-lib';
import { assertPrintable, embedNotoSansJp, wrapLines } from '@app/platform';
import { ApplicationPdfInput, checkedInput } from './application-pdf-input';
import { Flow } from './form-flow';
import { CONTENT_WIDTH, INK, MUTED, NAVY } from './form-layout';
import { Styles, sections } from './form-sections';

export { DRAFT_MARK } from './form-layout';

/**
 * Renders the 申請書 (application form) from the application's data: A4, labels in Japanese and English
 * as on the official forms, long texts wrapped over lines and pages. Same input, same bytes.
 */
export async function renderApplicationPdf(raw: ApplicationPdfInput): Promise<Buffer> {
  // Limits and dates first: bad input is refused before any font is loaded.
  const input = checkedInput(raw);

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
