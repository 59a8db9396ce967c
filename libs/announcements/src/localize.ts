import { Language } from '@app/platform';
import { Announcement } from './announcement.entity';

export interface LocalizedAnnouncement {
  id: number;
  title: string;
  body: string;
  /** The language the text is actually in (Japanese when `lng` has no translation), for `lang=`. */
  lng: Language;
  publishFrom: Date;
}

/** The announcement in `lng`, falling back to Japanese as a whole (never a mix of title and body). */
export function localizeAnnouncement(a: Announcement, lng: Language): LocalizedAnnouncement {
  const has = Boolean(a.title[lng]?.trim() && a.body[lng]?.trim());
  const use: Language = has ? lng : 'ja';
  return { id: a.id, title: a.title[use]!, body: a.body[use]!, lng: use, publishFrom: a.publishFrom };
}
