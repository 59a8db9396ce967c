import { ANSWER_UPLOAD, DOCUMENT_MAX_BYTES, draftUploadSpec } from './upload-limits';

const MB = 1024 * 1024;

describe('upload limits (one module for every portal upload form)', () => {
  const items = (photoFiles: number, otherFiles: number) => [
    { id: 'photo', kind: 'jpeg' as const, files: Array.from({ length: photoFiles }) },
    { id: 'passport', kind: 'pdf' as const, files: [] },
    { id: 'other', kind: 'pdf' as const, files: Array.from({ length: otherFiles }) },
  ];

  it('a draft: 10 MB a file, one file per checklist item, その他の書類 up to the 申請書’s 30 in all', () => {
    expect(DOCUMENT_MAX_BYTES).toBe(10 * MB);
    expect(draftUploadSpec(items(0, 0), 0)).toEqual({
      fields: [],
      files: [
        { name: 'photo', kinds: ['jpeg'], maxBytes: 10 * MB, maxCount: 1 },
        { name: 'passport', kinds: ['pdf'], maxBytes: 10 * MB, maxCount: 1 },
        { name: 'other', kinds: ['pdf'], maxBytes: 10 * MB, maxCount: 30 },
      ],
      maxTotalFiles: 30,
    });
  });

  it('a draft with documents: an item already filled takes none, the room shrinks to nothing and no further', () => {
    const spec = draftUploadSpec(items(1, 28), 29);
    expect(spec.files.map((f) => f.maxCount)).toEqual([0, 1, 1]);
    expect(spec.maxTotalFiles).toBe(1);
    expect(draftUploadSpec(items(1, 40), 41).maxTotalFiles).toBe(0);
    expect(draftUploadSpec(items(1, 40), 41).files.find((f) => f.name === 'other')?.maxCount).toBe(0);
  });

  it('an answer: a note of 2000 characters in UTF-8, up to 10 PDFs and one JPEG photo', () => {
    expect(ANSWER_UPLOAD).toEqual({
      fields: ['note'],
      files: [
        { name: 'documents', kinds: ['pdf'], maxBytes: 10 * MB, maxCount: 10 },
        { name: 'photo', kinds: ['jpeg'], maxBytes: 10 * MB, maxCount: 1 },
      ],
      maxTotalFiles: 11,
      maxFieldBytes: 8000,
    });
  });
});
