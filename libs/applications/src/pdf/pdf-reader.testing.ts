import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFName,
  PDFObject,
  PDFRawStream,
  PDFStream,
  PDFRef,
  decodePDFRawStream,
} from 'pdf-lib';

/**
 * The text a reader would copy from each page, line by line, for the specs. pdf-lib writes every drawn
 * line as one `<glyph ids> Tj` after a `/Font size Tf`; the font's ToUnicode CMap turns the glyph ids
 * (two bytes each) back into characters. Enough for our own PDFs, not a general PDF text extractor.
 */
export function pageLines(doc: PDFDocument): string[][] {
  const { context } = doc;
  const bytes = (ref: PDFObject | undefined): string => {
    const stream = context.lookup(ref, PDFStream);
    if (!(stream instanceof PDFRawStream)) throw new Error('expected a stream as read from the file');
    return Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
  };
  const cmaps = new Map<PDFRef | PDFObject, Map<string, string>>();
  const toUnicode = (fontRef: PDFObject): Map<string, string> => {
    let map = cmaps.get(fontRef);
    if (!map) {
      map = new Map();
      const cmap = bytes(context.lookup(fontRef, PDFDict).get(PDFName.of('ToUnicode')));
      for (const [, cid, utf16] of cmap.matchAll(/<([0-9a-f]{4})>\s*<([0-9a-f]+)>/gi)) {
        map.set(cid.toLowerCase(), Buffer.from(utf16, 'hex').swap16().toString('utf16le'));
      }
      cmaps.set(fontRef, map);
    }
    return map;
  };
  return doc.getPages().map((page) => {
    const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    const lines: string[] = [];
    let font: Map<string, string> | undefined;
    for (const ref of refs) {
      for (const [, name, hex] of bytes(ref).matchAll(/\/(\S+) [\d.]+ Tf|<([0-9a-fA-F]*)> Tj/g)) {
        if (name !== undefined) {
          const fontRef = fonts?.get(PDFName.of(name));
          if (!fontRef) throw new Error(`no font ${name} on the page`);
          font = toUnicode(fontRef);
        } else {
          if (!font) throw new Error('text shown before a font was set');
          const glyphs = hex.toLowerCase().match(/.{4}/g) ?? [];
          lines.push(glyphs.map((cid) => font!.get(cid) ?? '\uFFFD').join(''));
        }
      }
    }
    return lines;
  });
}
