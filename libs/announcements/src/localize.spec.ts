import { Announcement } from './announcement.entity';
import { localizeAnnouncement } from './localize';

const a = Object.assign(new Announcement(), {
  id: 1,
  title: { ja: 'お知らせ', en: 'Notice', vi: '' },
  body: { ja: '本文', en: 'Body', vi: 'Nội dung' },
  publishFrom: new Date('2026-01-01T00:00:00Z'),
});

describe('localizeAnnouncement', () => {
  it('uses the requested language', () =>
    expect(localizeAnnouncement(a, 'en')).toMatchObject({ title: 'Notice', lng: 'en' }));
  it('falls back to Japanese when missing', () =>
    expect(localizeAnnouncement(a, 'ko')).toMatchObject({ title: 'お知らせ', body: '本文', lng: 'ja' }));
  it('falls back as a whole when only part is translated', () =>
    expect(localizeAnnouncement(a, 'vi')).toMatchObject({ title: 'お知らせ', body: '本文', lng: 'ja' }));
});
