import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { safeFontkit } from './safe-fontkit';

/** The two weights every PDF of the project prints with. */
export interface PdfFonts {
  regular: PDFFont;
  bold: PDFFont;
}

interface FontFiles {
  regular: Buffer;
  bold: Buffer;
}

/** Noto Sans JP covers kana, kanji, Latin and Vietnamese (precomposed, with its tone marks). */
const FONT_PACKAGE = '@expo-google-fonts/noto-sans-jp';

// Each TTF is about 5 MB, so they are read once per process. A failed read is forgotten, so the next
// document tries again instead of failing for as long as the process lives.
let fontFiles: Promise<FontFiles> | undefined;

function loadFonts(): Promise<FontFiles> {
  fontFiles ??= Promise.all([
    readFile(require.resolve(`${FONT_PACKAGE}/400Regular/NotoSansJP_400Regular.ttf`)),
    readFile(require.resolve(`${FONT_PACKAGE}/700Bold/NotoSansJP_700Bold.ttf`)),
  ]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error: unknown) => {
      fontFiles = undefined;
      throw error;
    },
  );
  return fontFiles;
}

/**
 * The PDF name of a font subset starts with a six-letter tag (ISO 32000 9.6.4) that tells subsets of the
 * same font apart. pdf-lib would append a pseudo-random number instead; a tag hashed from the document's
 * content names the subset properly and keeps the output identical for identical input.
 */
function subsetName(postscriptName: string, content: unknown): string {
  const digest = createHash('sha256').update(postscriptName).update(JSON.stringify(content)).digest();
  const tag = Array.from(digest.subarray(0, 6), (byte) => String.fromCharCode(65 + (byte % 26))).join('');
  return `${tag}+${postscriptName}`;
}

/**
 * Embeds subsets of Noto Sans JP, regular and bold, in `pdf`: only the glyphs used (tens of kilobytes
 * instead of 5 MB a weight), named after `content` (the document's input) so that the bytes repeat.
 */
export async function embedNotoSansJp(pdf: PDFDocument, content: unknown): Promise<PdfFonts> {
  const files = await loadFonts();
  pdf.registerFontkit(safeFontkit);
  return {
    regular: await pdf.embedFont(files.regular, {
      subset: true,
      customName: subsetName('NotoSansJP-Regular', content),
    }),
    bold: await pdf.embedFont(files.bold, { subset: true, customName: subsetName('NotoSansJP-Bold', content) }),
  };
}
