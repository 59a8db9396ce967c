import type * as ApplicationPdf from './pdf/application-pdf';
import type { ApplicationPdfInput } from './pdf/application-pdf-input';

export type { ApplicationPdfInput } from './pdf/application-pdf-input';
export { APPLICATION_PDF_LIMITS, ApplicationPdfLimitError } from './pdf/application-pdf-input';

/**
 * The 申請書 as a PDF (docs/application-pdf.md). pdf-lib and the fonts cost about a third of a second of
 * CPU to load and only the review and application pages print the form, so they are loaded by the first
 * form, not when an app starts (as CoeService.pdfFor does for the e-COE).
 */
export function renderApplicationForm(input: ApplicationPdfInput): Promise<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { renderApplicationPdf } = require('./pdf/application-pdf') as typeof ApplicationPdf;
  return renderApplicationPdf(input);
}
