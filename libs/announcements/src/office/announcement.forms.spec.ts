import { LANGUAGE_CODES, validateForm } from '@app/platform';
import {
  announcementForm,
  announcementState,
  fieldName,
  formValues,
  parseJapanLocal,
  toJapanLocal,
} from './announcement.forms';

const ja = { titleJa: ' システム停止のお知らせ ', bodyJa: '4月5日に停止します。', publishFrom: '2026-04-01T09:00' };

describe('announcement form', () => {
  it('names fields as the CLI names its options', () => {
    expect(LANGUAGE_CODES.map((l) => fieldName('title', l))).toEqual([
      'titleJa',
      'titleEn',
      'titleZhHans',
      'titleZhHant',
      'titleKo',
      'titleEs',
      'titleVi',
      'titleTl',
    ]);
  });

  it('needs only Japanese and reads the window as Japan time', () => {
    expect(validateForm(announcementForm, { ...ja, publishUntil: '' })).toEqual({
      ok: true,
      values: {
        title: { ja: 'システム停止のお知らせ' },
        body: { ja: '4月5日に停止します。' },
        publishFrom: new Date('2026-04-01T00:00:00Z'),
        publishUntil: null,
      },
    });
  });

  it('keeps a translation given with title and body, and drops languages left empty', () => {
    const form = validateForm(announcementForm, {
      ...ja,
      titleZhHant: '系統停止公告',
      bodyZhHant: '將於4月5日停止。',
      titleEn: ' ',
      bodyEn: '',
      publishUntil: '2026-04-30T18:30',
    });
    expect(form.ok && form.values.title).toEqual({ ja: 'システム停止のお知らせ', 'zh-Hant': '系統停止公告' });
    expect(form.ok && form.values.publishUntil).toEqual(new Date('2026-04-30T09:30:00Z'));
  });

  it.each([
    [{ titleJa: '' }, { titleJa: ['validation.required'] }],
    [{ bodyJa: undefined }, { bodyJa: ['validation.required'] }],
    [{ titleEn: 'Notice' }, { bodyEn: ['admin:validation.titleAndBody'] }],
    [{ bodyKo: '본문' }, { titleKo: ['admin:validation.titleAndBody'] }],
    [{ titleJa: 'あ'.repeat(201) }, { titleJa: ['validation.tooLong'] }],
    [{ publishFrom: '' }, { publishFrom: ['validation.required'] }],
    [{ publishFrom: '2026-02-30T09:00' }, { publishFrom: ['admin:validation.dateTime'] }],
    [{ publishFrom: '2026-04-01T24:00' }, { publishFrom: ['admin:validation.dateTime'] }],
    [{ publishUntil: 'tomorrow' }, { publishUntil: ['admin:validation.dateTime'] }],
    [{ publishUntil: '2026-04-01T09:00' }, { publishUntil: ['admin:validation.untilAfterFrom'] }],
    [{ publishUntil: '2026-03-31T09:00' }, { publishUntil: ['admin:validation.untilAfterFrom'] }],
    [{ titleJa: ['a', 'b'] }, { titleJa: ['validation.invalid'] }],
  ])('refuses %j next to the field', (change, errors) => {
    expect(validateForm(announcementForm, { ...ja, ...change })).toEqual({ ok: false, errors });
  });

  it('converts Japan local time both ways', () => {
    expect(parseJapanLocal('2026-01-01T00:00')).toEqual(new Date('2025-12-31T15:00:00Z'));
    expect(parseJapanLocal('2026-01-01 08:59:30')).toEqual(new Date('2025-12-31T23:59:30Z'));
    expect(parseJapanLocal('2026-1-1T00:00')).toBeUndefined();
    expect(toJapanLocal(new Date('2025-12-31T15:00:59Z'))).toBe('2026-01-01T00:00');
  });

  it('fills the edit form from an announcement', () => {
    const values = formValues({
      id: 1,
      title: { ja: 'タイトル', en: 'Title' },
      body: { ja: '本文', en: 'Body' },
      publishFrom: new Date('2026-04-01T00:00:00Z'),
      publishUntil: null,
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    expect(values).toMatchObject({ titleJa: 'タイトル', bodyEn: 'Body', titleKo: '', publishFrom: '2026-04-01T09:00' });
    expect(values.publishUntil).toBe('');
  });

  it('tells published, scheduled and ended apart at the boundaries', () => {
    const from = new Date('2026-04-01T00:00:00Z');
    const until = new Date('2026-04-02T00:00:00Z');
    expect(announcementState({ publishFrom: from, publishUntil: until }, new Date('2026-03-31T23:59:59Z'))).toBe(
      'scheduled',
    );
    expect(announcementState({ publishFrom: from, publishUntil: until }, from)).toBe('published');
    expect(announcementState({ publishFrom: from, publishUntil: until }, until)).toBe('ended');
    expect(announcementState({ publishFrom: from, publishUntil: null }, new Date('2099-01-01T00:00:00Z'))).toBe(
      'published',
    );
  });
});
