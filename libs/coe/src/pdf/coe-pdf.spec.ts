import { readFileSync } from 'node:fs';
import * as fontkit from '@pdf-lib/fontkit';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFObject,
  PDFRawStream,
  PDFStream,
  PageSizes,
  decodePDFRawStream,
} from 'pdf-lib';
import { CoePdfInput, qrPng, renderCoePdf } from './coe-pdf';

const input: CoePdfInput = {
  number: 'COE-2026-4F7K9Q2M',
  holderNameEn: 'NGUYEN VAN AN',
  nationality: { code: 'VNM', nameJa: 'ベトナム', nameEn: 'Viet Nam' },
  dateOfBirth: '1998-04-05',
  gender: 'male',
  statusOfResidence: { code: 'student', ja: '留学', en: 'Student' },
  issuingOffice: '東京出入国在留管理局 / Tokyo Regional Immigration Services Bureau',
  issuedAt: new Date('2025-07-23T06:00:00Z'),
  validUntil: new Date('2025-10-23T06:00:00Z'),
  verifyUrl: 'http://localhost:3000/verify/COE-2026-4F7K9Q2M?c=q8Zt1vR0xY3kP7mN2bW5',
};

const other: CoePdfInput = {
  ...input,
  number: 'COE-2026-8HT3WQ5R',
  holderNameEn: 'SANTOS MARIA CLARA',
  nationality: { code: 'PHL', nameJa: 'フィリピン', nameEn: 'Philippines' },
  gender: 'female',
  statusOfResidence: {
    code: 'engineer-specialist-humanities',
    ja: '技術・人文知識・国際業務',
    en: 'Engineer/Specialist in Humanities/International Services',
  },
  verifyUrl: 'http://localhost:3000/verify/COE-2026-8HT3WQ5R?c=Zp4R8sT1uV6wX9yA2bC3',
};

function fontFile(weight: 'Regular' | 'Bold'): Buffer {
  const dir = weight === 'Regular' ? '400Regular' : '700Bold';
  return readFileSync(require.resolve(`@expo-google-fonts/noto-sans-jp/${dir}/NotoSansJP_${dir}.ttf`));
}

interface EmbeddedFont {
  baseFont: string;
  file: Uint8Array;
  /** CID (the glyph ID in the subset) → the text it stands for, from the ToUnicode CMap. */
  toUnicode: Map<number, string>;
}

function embeddedFonts(doc: PDFDocument): EmbeddedFont[] {
  const { context } = doc;
  const streamBytes = (ref: PDFObject | undefined): Uint8Array => {
    const stream = context.lookup(ref, PDFStream);
    if (!(stream instanceof PDFRawStream)) throw new Error('expected a stream as read from the file');
    return decodePDFRawStream(stream).decode();
  };
  const fonts: EmbeddedFont[] = [];
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict) || object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const cidFont = context.lookup(object.lookup(PDFName.of('DescendantFonts'), PDFArray).get(0), PDFDict);
    const descriptor = cidFont.lookup(PDFName.of('FontDescriptor'), PDFDict);
    const cmap = Buffer.from(streamBytes(object.get(PDFName.of('ToUnicode')))).toString('latin1');
    const toUnicode = new Map<number, string>();
    for (const [, cid, utf16] of cmap.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>/gi)) {
      toUnicode.set(parseInt(cid, 16), Buffer.from(utf16, 'hex').swap16().toString('utf16le'));
    }
    fonts.push({
      baseFont: object.lookup(PDFName.of('BaseFont'), PDFName).decodeText(),
      file: streamBytes(descriptor.get(PDFName.of('FontFile2'))),
      toUnicode,
    });
  }
  return fonts;
}

describe('renderCoePdf', () => {
  let pdf: Buffer;
  let doc: PDFDocument;

  beforeAll(async () => {
    pdf = await renderCoePdf(input);
    doc = await PDFDocument.load(pdf, { updateMetadata: false });
  });

  it('is one A4 page', () => {
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(doc.getPageCount()).toBe(1);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo(PageSizes.A4[0], 1);
    expect(height).toBeCloseTo(PageSizes.A4[1], 1);
  });

  it('carries metadata dated by the issue time, not the rendering time', () => {
    expect(doc.getTitle()).toContain(input.number);
    expect(doc.getTitle()).toContain('在留資格認定証明書');
    expect(doc.getSubject()).toContain(input.number);
    expect(doc.getCreator()).toBe('Residence Online');
    expect(doc.getCreationDate()).toEqual(input.issuedAt);
    expect(doc.getModificationDate()).toEqual(input.issuedAt);
  });

  it('embeds subsets of Noto Sans JP, regular and bold', () => {
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/FontFile2');
    // ISO 32000 9.6.4: a subset's name is a six-letter tag, "+", the PostScript name.
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Regular\b/);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansJP-Bold\b/);
    expect(
      embeddedFonts(doc)
        .map((f) => f.baseFont.slice(7))
        .sort(),
    ).toEqual(['NotoSansJP-Bold', 'NotoSansJP-Regular']);
  });

  // @pdf-lib/fontkit's own subsetter shifts most glyphs by a byte (see libs/platform/src/pdf/safe-fontkit.ts): the PDF then
  // shows blanks where kanji should be, while text extraction still looks perfect.
  it('embeds every glyph with the outline it has in the original font', () => {
    const originals = { Regular: fontkit.create(fontFile('Regular')), Bold: fontkit.create(fontFile('Bold')) };
    // Contextual alternates change some glyphs (a digit between capitals, as in COE-2026-4F7K…, is drawn
    // at cap height), so a glyph may match the character's form in any of these surroundings.
    const forms = (font: fontkit.Font, text: string): string[] =>
      ['', 'H', '日'].map((around) => font.layout(around + text + around).glyphs[around ? 1 : 0].path.toSVG());
    const checked = new Set<string>();
    for (const embedded of embeddedFonts(doc)) {
      const original = embedded.baseFont.endsWith('-Bold') ? originals.Bold : originals.Regular;
      const subset = fontkit.create(Buffer.from(embedded.file));
      expect(embedded.toUnicode.size).toBeGreaterThan(10);
      for (const [cid, text] of embedded.toUnicode) {
        const outline = subset.getGlyph(cid).path.toSVG();
        expect({ text, matches: forms(original, text).includes(outline) }).toEqual({ text, matches: true });
        checked.add(text);
      }
    }
    // Kanji and kana from the title and the table, which the broken subsetter lost.
    for (const char of ['在', '留', '資', '格', '認', '定', '証', '明', '書', 'ベ', '男', '局']) {
      expect(checked).toContain(char);
    }
  });

  it('links the URL and the QR code to the verification page', () => {
    const annots = doc.getPage(0).node.Annots();
    const uris = (annots?.asArray() ?? []).map((ref) => {
      const action = doc.context.lookup(ref, PDFDict).lookup(PDFName.of('A'), PDFDict);
      return action.lookup(PDFName.of('URI'), PDFHexString).decodeText();
    });
    expect(uris).toEqual([input.verifyUrl, input.verifyUrl]);
  });

  it('stays well under 500 kB', () => {
    expect(pdf.length).toBeLessThan(500_000);
  });

  it('gives the same bytes for the same input, whatever the system clock says', async () => {
    jest.useFakeTimers({
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate'],
      now: new Date('2031-01-01T00:00:00Z'),
    });
    try {
      const later = await renderCoePdf({ ...input });
      jest.setSystemTime(new Date('1999-12-31T23:59:59Z'));
      const earlier = await renderCoePdf({ ...input });
      expect(later.equals(pdf)).toBe(true);
      expect(earlier.equals(pdf)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('gives different bytes for a different certificate', async () => {
    const second = await renderCoePdf(other);
    expect(second.equals(pdf)).toBe(false);
    const secondDoc = await PDFDocument.load(second, { updateMetadata: false });
    expect(secondDoc.getTitle()).toContain(other.number);
  });

  it('refuses a character the font cannot print rather than printing a box', async () => {
    await expect(renderCoePdf({ ...input, holderNameEn: 'NGUYEN VAN \u{1F600}' })).rejects.toThrow(
      /no glyph.*U\+1F600/,
    );
  });

  it('refuses a certificate that would not fit on the page', async () => {
    await expect(
      renderCoePdf({ ...input, issuingOffice: 'Tokyo Regional Immigration Services Bureau '.repeat(40) }),
    ).rejects.toThrow(/does not fit on one page/);
  });

  it('refuses an impossible date of birth', async () => {
    await expect(renderCoePdf({ ...input, dateOfBirth: '1998-02-30' })).rejects.toThrow(/Invalid date of birth/);
  });
});

describe('qrPng', () => {
  it('makes a PNG', async () => {
    const png = await qrPng(input.verifyUrl);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.length).toBeGreaterThan(100);
  });
});
