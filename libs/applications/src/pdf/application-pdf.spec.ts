import { createHash } from 'node:crypto';
import { PDFDict, PDFDocument, PDFName, PageSizes } from 'pdf-lib';
import { DRAFT_MARK, renderApplicationPdf } from './application-pdf';
import { APPLICATION_PDF_LIMITS, ApplicationPdfInput, ApplicationPdfLimitError } from './application-pdf-input';
import { pageLines } from './pdf-reader.testing';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const file = (
  ja: string,
  en: string,
  originalName: string,
  size: number,
): ApplicationPdfInput['documents'][number] => ({
  label: { ja, en },
  originalName,
  size,
  sha256: sha(originalName),
});

/** A COE application filed from Japan by institution staff for someone abroad. */
const coe: ApplicationPdfInput = {
  procedure: {
    code: 'coe',
    nameJa: '在留資格認定証明書交付申請',
    nameEn: 'Application for Certificate of Eligibility',
  },
  number: 'APP-2026-7QK3M9TD',
  generatedAt: new Date('2026-12-01T06:30:00Z'),
  filedAt: new Date('2026-12-01T06:25:00Z'),
  applicant: {
    nameEn: 'NGUYEN VAN AN',
    nationality: { code: 'VNM', nameJa: 'ベトナム', nameEn: 'Viet Nam' },
    dateOfBirth: '1998-04-05',
    sex: 'male',
    passportNumber: 'C1234567',
    residenceCardNumber: null,
    addressInJapan: null,
    inJapan: false,
  },
  wanted: {
    status: { code: 'student', ja: '留学', en: 'Student' },
    periodMonths: 24,
    // Vietnamese with its tone marks, as an applicant might write it.
    reason: 'Học tiếng Nhật tại Trường Nhật ngữ Sakura, Đà Nẵng → Tokyo.\n日本語学校で2年間学ぶため。',
  },
  filer: {
    category: { ja: '所属機関等の職員', en: 'Institution staff' },
    nameEn: 'SATO HANAKO',
    organisation: { name: 'さくら日本語学校', address: '東京都新宿区西新宿2-8-1', phone: '0353211111' },
  },
  documents: [
    file('写真', 'Face photo', 'photo.jpg', 48_213),
    file('入学許可書の写し', 'Copy of the letter of admission', 'admission.pdf', 1_234_567),
  ],
};

/** An extension filed by the applicant, in Japan with a residence card. */
const extension: ApplicationPdfInput = {
  procedure: {
    code: 'extension',
    nameJa: '在留期間更新許可申請',
    nameEn: 'Application for Extension of Period of Stay',
  },
  number: 'APP-2026-3HX8W2RB',
  generatedAt: new Date('2026-11-30T15:30:00Z'),
  filedAt: new Date('2026-11-30T15:29:00Z'),
  applicant: {
    nameEn: 'SANTOS MARIA CLARA',
    nationality: { code: 'PHL', nameJa: 'フィリピン', nameEn: 'Philippines' },
    dateOfBirth: '1990-02-28',
    sex: 'female',
    passportNumber: 'P7654321A',
    residenceCardNumber: 'AB12345678CD',
    addressInJapan: '大阪府大阪市中央区大手前4-1-76',
    inJapan: true,
  },
  wanted: {
    status: {
      code: 'engineer-specialist-humanities',
      ja: '技術・人文知識・国際業務',
      en: 'Engineer/Specialist in Humanities/International Services',
    },
    periodMonths: 36,
    reason: 'I continue to work as a software engineer for the same employer.',
  },
  filer: { category: { ja: '申請人本人', en: 'The applicant' }, nameEn: 'SANTOS MARIA CLARA' },
  documents: [
    file('写真', 'Face photo', 'me.jpg', 900),
    file('在職証明書', 'Certificate of employment', 'employment.pdf', 2048),
  ],
};

const draft: ApplicationPdfInput = { ...extension, number: null, filedAt: null };

async function read(
  input: ApplicationPdfInput,
): Promise<{ pdf: Buffer; doc: PDFDocument; pages: string[][]; text: string }> {
  const pdf = await renderApplicationPdf(input);
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pages = pageLines(doc);
  return { pdf, doc, pages, text: pages.flat().join('\n') };
}

/** Text as it is laid out: lines broken at spaces lose the space, so compare without whitespace. */
const squeezed = (text: string): string => text.replace(/\s+/g, '');

describe('renderApplicationPdf', () => {
  let filedCoe: Awaited<ReturnType<typeof read>>;
  let filedExtension: Awaited<ReturnType<typeof read>>;

  beforeAll(async () => {
    [filedCoe, filedExtension] = await Promise.all([read(coe), read(extension)]);
  });

  it('is an A4 PDF with page numbers', () => {
    const { pdf, doc, pages } = filedCoe;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(doc.getPageCount()).toBeLessThanOrEqual(2);
    for (const page of doc.getPages()) {
      expect(page.getSize().width).toBeCloseTo(PageSizes.A4[0], 1);
      expect(page.getSize().height).toBeCloseTo(PageSizes.A4[1], 1);
    }
    pages.forEach((lines, index) => expect(lines.at(-1)).toBe(`${index + 1} / ${pages.length}`));
  });

  it('prints a COE application filed by institution staff for someone abroad', () => {
    const { text } = filedCoe;
    for (const expected of [
      '在留資格認定証明書交付申請 申請書',
      'Application form: Application for Certificate of Eligibility',
      'APP-2026-7QK3M9TD',
      '申請人等 / Applicant',
      '申請内容 / Application',
      '申請者（代理人・取次者） / Filer (representative or agent)',
      '提出書類 / Documents submitted',
      'NGUYEN VAN AN',
      'ベトナム',
      'Viet Nam (VNM)',
      '1998年4月5日',
      '5 Apr 1998',
      'C1234567',
      '国外',
      '留学',
      '2年',
      'Học tiếng Nhật tại Trường Nhật ngữ Sakura, Đà Nẵng → Tokyo.',
      '日本語学校で2年間学ぶため。',
      '所属機関等の職員',
      'SATO HANAKO',
      'さくら日本語学校',
      '東京都新宿区西新宿2-8-1',
      '0353211111',
      // Filed at 06:25 UTC: 15:25 in Japan, labelled.
      '2026年12月1日 15:25（日本時間）',
      '1 Dec 2026, 15:25 JST',
      '1. 写真',
      'photo.jpg',
      `47.1 KB · SHA-256 ${sha('photo.jpg').slice(0, 12)}`,
      'admission.pdf',
      `1.2 MB · SHA-256 ${sha('admission.pdf').slice(0, 12)}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(sha('photo.jpg').slice(0, 13));
    expect(text).not.toContain('法定代理人');
  });

  it('prints an extension filed by the applicant in Japan', () => {
    const { text } = filedExtension;
    for (const expected of [
      '在留期間更新許可申請 申請書',
      'SANTOS MARIA CLARA',
      'AB12345678CD',
      '大阪府大阪市中央区大手前4-1-76',
      '日本国内',
      '技術・人文知識・国際業務',
      '3年',
      '申請人本人',
      // 15:29 UTC on 30 November is 00:29 on 1 December in Japan.
      '2026年12月1日 00:29（日本時間）',
      'me.jpg',
      '900 B',
      'employment.pdf',
      '2.0 KB',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('所属機関の名称');
  });

  it('prints a representative as 代理人, and a dash for a value not asked or not there', async () => {
    const { text } = await read({
      ...extension,
      filer: {
        category: { ja: '弁護士・行政書士', en: 'Attorney/Administrative Procedures Legal Specialist' },
        nameEn: ' ',
        representative: {
          name: 'SUZUKI ICHIRO',
          relationship: '行政書士 / Gyoseishoshi',
          address: null,
          phone: '0312345678',
        },
      },
    });
    const lines = text.split('\n');
    const after = (label: string) => lines[lines.indexOf(label) + 1];
    expect(after('Representative')).toBe('SUZUKI ICHIRO');
    expect(after('Qualification or relationship')).toBe('行政書士 / Gyoseishoshi');
    expect(after('Representative address')).toBe('—');
    expect(after('Representative phone')).toBe('0312345678');
    // The filer's own name, blank on the account: a dash, not an empty row.
    const filerPart = lines.slice(lines.indexOf('Category'));
    expect(filerPart[filerPart.indexOf('Name') + 1]).toBe('—');
    expect(text).not.toContain('法定代理人');
  });

  it('marks a draft as such on every page, and only a draft', async () => {
    const { text, pages } = await read(draft);
    expect(text).toContain('未採番（下書き）');
    expect(text).toContain('未提出');
    for (const lines of pages) expect(lines[0]).toBe(DRAFT_MARK);
    const long = await read({ ...draft, wanted: { ...draft.wanted, reason: '申'.repeat(2000) } });
    expect(long.pages.length).toBeGreaterThan(1);
    for (const lines of long.pages) expect(lines[0]).toBe(DRAFT_MARK);
    for (const filed of [filedCoe, filedExtension]) {
      expect(filed.text).not.toContain('DRAFT');
      expect(filed.text).not.toContain('下書き');
    }
  });

  it('names the procedure in the metadata, and nobody', () => {
    for (const [input, { doc, pdf }] of [
      [coe, filedCoe],
      [extension, filedExtension],
    ] as const) {
      expect(doc.getTitle()).toBe(`${input.procedure.nameJa} 申請書`);
      expect(doc.getCreator()).toBe('Residence Online');
      expect(doc.getProducer()).toBe('Residence Online (pdf-lib)');
      expect(doc.getCreationDate()).toEqual(input.generatedAt);
      expect(doc.getModificationDate()).toEqual(input.generatedAt);
      const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
      const values = info
        .keys()
        .map((key) => [key.decodeText(), info.lookup(key)] as const)
        .map(
          ([key, value]) =>
            `${key}: ${value && 'decodeText' in value ? (value as PDFName).decodeText() : String(value)}`,
        )
        .join('\n');
      expect(values).toContain(input.procedure.nameJa);
      for (const personal of [
        input.applicant.nameEn,
        input.filer.nameEn,
        input.applicant.passportNumber,
        input.number,
      ]) {
        expect(values).not.toContain(personal);
      }
      expect(info.get(PDFName.of('Author'))).toBeUndefined();
      expect(info.get(PDFName.of('Keywords'))).toBeUndefined();
      // Nor anywhere outside the page content: the names are drawn as glyph ids, never as plain text.
      expect(pdf.toString('latin1')).not.toContain(input.applicant.nameEn);
    }
  });

  it('gives the same bytes for the same input, whatever the system clock says', async () => {
    // A copy made before the clock is faked: pdf-lib checks dates against the Date of the moment.
    const copy: ApplicationPdfInput = {
      ...coe,
      generatedAt: new Date(coe.generatedAt.getTime()),
      applicant: { ...coe.applicant },
      documents: coe.documents.map((doc) => ({ ...doc })),
    };
    jest.useFakeTimers({
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate'],
      now: new Date('2031-01-01T00:00:00Z'),
    });
    try {
      const again = await renderApplicationPdf(copy);
      jest.setSystemTime(new Date('1999-12-31T23:59:59Z'));
      const once = await renderApplicationPdf(coe);
      expect(again.equals(filedCoe.pdf)).toBe(true);
      expect(once.equals(filedCoe.pdf)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
    const otherDay = await renderApplicationPdf({ ...coe, generatedAt: new Date('2026-12-02T00:00:00Z') });
    expect(otherDay.equals(filedCoe.pdf)).toBe(false);
  });

  it('wraps a 2000-character Japanese reason and a 104-character name over lines and pages, whole', async () => {
    const sentence = '日本の大学院で情報工学を研究し、修了後は日本企業で働くことを希望しています。';
    const reason = sentence.repeat(Math.ceil(2000 / sentence.length)).slice(0, 2000);
    const name = `${'WOLFESCHLEGELSTEINHAUSENBERGERDORFF '.repeat(3)}MARIA`.slice(0, 104);
    expect([...reason]).toHaveLength(APPLICATION_PDF_LIMITS.reason);
    expect(name).toHaveLength(APPLICATION_PDF_LIMITS.name);
    const { doc, pages, text } = await read({
      ...coe,
      applicant: { ...coe.applicant, nameEn: name },
      filer: { ...coe.filer, nameEn: name },
      wanted: { ...coe.wanted, reason },
    });
    expect(doc.getPageCount()).toBeGreaterThan(1);
    pages.forEach((lines, index) => expect(lines.at(-1)).toBe(`${index + 1} / ${pages.length}`));
    expect(text).toContain('申請内容（続き） / Application (continued)');
    // Every character of the reason is printed, in order, none lost at a line or page break.
    const reasonLines = pages.flat().filter((line) => line !== '' && [...line].every((c) => sentence.includes(c)));
    expect(reasonLines.join('')).toBe(reason);
    // Lines stay within the value column.
    expect(Math.max(...reasonLines.map((line) => [...line].length))).toBeLessThan(40);
    expect(squeezed(text).split(squeezed(name))).toHaveLength(3);
    expect(text).not.toContain('\uFFFD');
  });

  it('prints every Vietnamese letter, typed composed or decomposed (base letter and combining marks)', async () => {
    const tones = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
    const letters = ['đ', 'Đ'];
    for (const vowel of 'aăâeêioôơuưy') {
      for (const tone of tones)
        letters.push(`${vowel}${tone}`.normalize('NFC'), `${vowel.toUpperCase()}${tone}`.normalize('NFC'));
    }
    expect(letters.every((letter) => [...letter].length === 1)).toBe(true);
    const place = 'Nguyễn Thị Phương Thảo, Đà Nẵng, Quảng Ngãi, Thừa Thiên Huế';
    const { text } = await read({
      ...extension,
      applicant: { ...extension.applicant, addressInJapan: place.normalize('NFD') },
      wanted: { ...extension.wanted, reason: letters.join(' ') },
    });
    expect(place.normalize('NFD')).not.toBe(place);
    expect(text).toContain(place);
    expect(squeezed(text)).toContain(letters.join(''));
  });

  it('refuses input beyond the form limits, naming the part', async () => {
    const refusals: Array<[ApplicationPdfInput, string]> = [
      [{ ...coe, wanted: { ...coe.wanted, reason: 'a'.repeat(2001) } }, 'wanted.reason'],
      [{ ...coe, wanted: { ...coe.wanted, reason: 'a\n'.repeat(100) } }, 'wanted.reason (lines)'],
      [{ ...coe, applicant: { ...coe.applicant, nameEn: 'A'.repeat(105) } }, 'applicant.nameEn'],
      [{ ...coe, documents: Array.from({ length: 31 }, () => coe.documents[0]) }, 'documents'],
    ];
    for (const [input, field] of refusals) {
      const refusal = renderApplicationPdf(input);
      await expect(refusal).rejects.toBeInstanceOf(ApplicationPdfLimitError);
      await expect(refusal).rejects.toMatchObject({ field });
    }
  });

  it('fits everything the limits allow', async () => {
    const longest = 'あ'.repeat(APPLICATION_PDF_LIMITS.label);
    const { doc } = await read({
      ...coe,
      wanted: { ...coe.wanted, reason: `${'理'.repeat(32)}\n`.repeat(59) + '由'.repeat(2000 - 33 * 59) },
      documents: Array.from({ length: APPLICATION_PDF_LIMITS.documents }, (_, i) => ({
        label: { ja: longest, en: 'x'.repeat(APPLICATION_PDF_LIMITS.label) },
        originalName: `${'f'.repeat(APPLICATION_PDF_LIMITS.fileName - 6)}${i}.pdf`.slice(
          0,
          APPLICATION_PDF_LIMITS.fileName,
        ),
        size: 10_000_000,
        sha256: sha(String(i)),
      })),
    });
    expect(doc.getPageCount()).toBeLessThanOrEqual(APPLICATION_PDF_LIMITS.pages);
  }, 120_000); // twelve full pages rendered and read back: about 7 s idle, far more on a loaded machine

  it('refuses a draft with a number, an impossible date and a character the font lacks', async () => {
    await expect(renderApplicationPdf({ ...coe, filedAt: null })).rejects.toThrow(/draft has neither/);
    await expect(
      renderApplicationPdf({ ...coe, applicant: { ...coe.applicant, dateOfBirth: '1998-02-30' } }),
    ).rejects.toThrow(/Invalid date of birth/);
    await expect(renderApplicationPdf({ ...coe, wanted: { ...coe.wanted, reason: 'OK \u{1F600}' } })).rejects.toThrow(
      /no glyph.*U\+1F600/,
    );
  });
});
