import type { PDFFont, PDFPage, RGB } from 'pdf-lib';

/** One line (or, before wrapping, one paragraph) of text with its look. */
export interface PdfLine {
  text: string;
  font: PDFFont;
  size: number;
  color: RGB;
}

// What pdf-lib's rgb() returns, built here so that the platform barrel loads no pdf-lib.
const colour = (red: number, green: number, blue: number): RGB => ({ type: 'RGB' as RGB['type'], red, green, blue });

/** The colours every PDF of the project prints in: the agency's navy, ink and greys. */
export const PDF_COLOURS = {
  ink: colour(0.1, 0.1, 0.12),
  muted: colour(0.38, 0.4, 0.44),
  rule: colour(0.55, 0.58, 0.63),
  navy: colour(0.11, 0.2, 0.38),
  labelFill: colour(0.94, 0.95, 0.97),
};

/** Line height relative to the font size; Noto Sans JP's tall ascent and descent need more than 1.2. */
export const LEADING = 1.4;

/** A paragraph's last line carries at least this many characters: "す。" alone on a line looks lost. */
const ORPHAN_MIN_CHARS = 6;

const CJK = '\\u3000-\\u30ff\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef';

/**
 * Pieces after which a line may end: one CJK character with any closing punctuation after it (so 。 and
 * ） never start a line), or a run of other characters with its trailing spaces (a Latin word).
 */
const BREAK_UNITS = new RegExp(`[${CJK}][、。，．・：；）」』】〕！？ー]*|[^\\s${CJK}]+\\s*|\\s+`, 'gu');

/**
 * Greedy line breaking; a piece wider than the line (a long URL) is broken between characters (code
 * points, so a character is never cut in two).
 */
export function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string): boolean => font.widthOfTextAtSize(s.trimEnd(), size) <= width;
  const lines: string[] = [];
  let current = '';
  for (const unit of text.match(BREAK_UNITS) ?? []) {
    if (fits(current + unit)) {
      current += unit;
      continue;
    }
    if (current.trim() !== '') lines.push(current.trimEnd());
    current = '';
    for (const char of unit.trimStart()) {
      if (current !== '' && !fits(current + char)) {
        lines.push(current);
        current = '';
      }
      current += char;
    }
  }
  if (current.trim() !== '') lines.push(current.trimEnd());
  return lines.length > 0 ? lines : [''];
}

/** wrapText, then the width is narrowed step by step (same number of lines) until no orphan is left. */
function wrapParagraph(line: PdfLine, width: number): string[] {
  const isOrphaned = (lines: string[]): boolean =>
    lines.length > 1 && [...(lines.at(-1) ?? '')].length < ORPHAN_MIN_CHARS;
  const lines = wrapText(line.text, line.font, line.size, width);
  if (!isOrphaned(lines)) return lines;
  for (let narrower = width - line.size; narrower > width * 0.8; narrower -= line.size) {
    const candidate = wrapText(line.text, line.font, line.size, narrower);
    if (candidate.length !== lines.length) break;
    if (!isOrphaned(candidate)) return candidate;
  }
  return lines;
}

/** Each paragraph broken into lines no wider than `width`. */
export function wrapLines(lines: PdfLine[], width: number): PdfLine[] {
  return lines.flatMap((line) => wrapParagraph(line, width).map((text) => ({ ...line, text })));
}

export function linesHeight(lines: PdfLine[]): number {
  return lines.reduce((sum, line) => sum + line.size * LEADING, 0);
}

/** Draws lines downwards from `top` (x is the centre when centred); returns where the next line starts. */
export function drawLines(
  page: PDFPage,
  lines: PdfLine[],
  x: number,
  top: number,
  align: 'left' | 'center' | 'right' = 'left',
): number {
  let y = top;
  for (const line of lines) {
    const lineHeight = line.size * LEADING;
    // This baseline puts the glyphs optically in the middle of their line box.
    const baseline = y - lineHeight / 2 - line.size * 0.36;
    const width = line.font.widthOfTextAtSize(line.text, line.size);
    const left = align === 'center' ? x - width / 2 : align === 'right' ? x - width : x;
    page.drawText(line.text, { x: left, y: baseline, font: line.font, size: line.size, color: line.color });
    y -= lineHeight;
  }
  return y;
}

/**
 * A character the font lacks would print as an empty box, and a document with a wrong name is a wrong
 * document; refusing it lets the caller find out while the input can still be corrected.
 */
export function assertPrintable(fonts: { regular: PDFFont; bold: PDFFont }, lines: PdfLine[]): void {
  const available = new Set([...fonts.regular.getCharacterSet(), ...fonts.bold.getCharacterSet()]);
  for (const line of lines) {
    for (const char of line.text) {
      const code = char.codePointAt(0) ?? 0;
      if (!/\s/u.test(char) && !available.has(code)) {
        const hex = code.toString(16).toUpperCase().padStart(4, '0');
        throw new RangeError(`The font has no glyph for "${char}" (U+${hex}) in "${line.text}"`);
      }
    }
  }
}
