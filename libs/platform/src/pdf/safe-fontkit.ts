import type * as Fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

type PdfLibFontkit = Parameters<PDFDocument['registerFontkit']>[0];

/**
 * `@pdf-lib/fontkit` 1.1.1 (the last release of pdf-lib's fork) corrupts TrueType subsets: it writes the
 * subset's `loca` table in the short format, which stores offsets halved, without padding glyph records
 * to an even length. After the first odd-length glyph every later glyph points one byte off, so most
 * kanji print as nothing while the text still copies fine (pdf-lib #1232; fixed upstream by
 * foliojs/fontkit#191, which the fork predates).
 *
 * The subsetter skips its own format choice when `loca.version` is already set, so presetting the long
 * format (plain 32-bit offsets, any length valid) on the object it builds avoids the bug at the cost of
 * 2 bytes per glyph. The regression test compares every embedded glyph with the original outline.
 */
function forceLongLoca<T extends object>(subset: T): T {
  let loca: { version?: number } | undefined;
  Object.defineProperty(subset, 'loca', {
    configurable: true,
    enumerable: true,
    get: () => loca,
    set: (value: { version?: number }) => {
      value.version = 1;
      loca = value;
    },
  });
  return subset;
}

/** The fontkit to register with pdf-lib: the same fontkit, with subsets that keep every glyph intact. */
export const safeFontkit: PdfLibFontkit = {
  create(buffer, postscriptName) {
    // Required here, not imported: the platform barrel is loaded by every app, fontkit only by the first
    // PDF (docs/decisions.md, "pdf-lib, fontkit and qrcode load with the first PDF").
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fontkit = require('@pdf-lib/fontkit') as typeof Fontkit;
    const font = fontkit.create(buffer, postscriptName);
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => forceLongLoca(createSubset());
    return font;
  },
};
