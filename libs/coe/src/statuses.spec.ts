import { LANGUAGE_CODES } from '@app/platform';
import { STATUSES, statusByCode, statusLabel, statusName } from './statuses';

const KANA_OR_KANJI = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('statuses of residence in eight languages', () => {
  it.each(STATUSES.map((s) => [s.code, s] as const))('%s has a name in every language', (_code, status) => {
    for (const lng of LANGUAGE_CODES) expect(status[lng]?.trim()).toBeTruthy();
  });

  it.each(STATUSES.map((s) => [s.code, s] as const))(
    '%s is not written in Japanese where the language is not',
    (_c, s) => {
      for (const lng of ['en', 'es', 'vi', 'tl', 'ko'] as const) expect(s[lng]).not.toMatch(KANA_OR_KANJI);
      // English copied into another Latin-script language is an untranslated name.
      for (const lng of ['es', 'vi', 'tl'] as const) expect(s[lng]).not.toBe(s.en);
    },
  );

  it('pins the names a reader meets most', () => {
    const student = statusByCode('student')!;
    expect(LANGUAGE_CODES.map((l) => student[l])).toEqual([
      '留学',
      'Student',
      '留学',
      '留學',
      '유학',
      'Estudiante',
      'Du học',
      'Mag-aaral',
    ]);
    expect(statusByCode('specified_skilled_worker_1')!.vi).toBe('Kỹ năng đặc định số 1');
    expect(statusByCode('technical_intern_training_1a')!.ko).toBe('기능실습 1호 가');
  });

  it('gives the reader their language and the Japanese legal name when it differs', () => {
    const student = statusByCode('student')!;
    expect(statusLabel(student, 'ja')).toEqual({ name: '留学' });
    expect(statusLabel(student, 'zh-Hans')).toEqual({ name: '留学' });
    expect(statusLabel(student, 'vi')).toMatchObject({ name: 'Du học', legal: '留学', text: 'Du học (留学)' });
    expect(statusLabel(student, 'zh-Hant').text).toBe('留學（留学）');
    expect(statusName(student, 'xx')).toBe('留学');
  });
});
