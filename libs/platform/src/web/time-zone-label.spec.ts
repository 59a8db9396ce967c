import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import Handlebars from 'handlebars';
import { templateFiles } from '../i18n/glossary';
import { LANGUAGE_CODES, Language } from '../i18n/languages';
import { PROJECT_ROOT } from '../paths';
import { registerHelpers } from './view-engine';

const hb = Handlebars.create();
registerHelpers(hb);
const render = (source: string, lng: Language, at: Date) => hb.compile(source)({ lng, at });
const at = new Date('2025-07-23T06:05:00Z'); // 15:05 in Tokyo

describe('the Japan-time label', () => {
  it.each([
    ['ja', '2025年7月23日 15:05（日本時間）'],
    ['en', 'July 23, 2025 at 15:05 (Japan time, JST)'],
    ['zh-Hans', '2025年7月23日 15:05（日本时间）'],
    ['zh-Hant', '2025年7月23日 15:05（日本時間）'],
    ['ko', '2025년 7월 23일 15:05 (일본 시간)'],
  ] as const)('stands beside a lone time in %s', (lng, text) =>
    expect(render('{{dateTime at zone=true}}', lng, at)).toBe(text),
  );

  it('labels a time to the hour too, and nothing without zone=true', () => {
    expect(render('{{dateHour at zone=true}}', 'ja', at)).toBe('2025年7月23日15時（日本時間）');
    expect(render('{{dateTime at}}', 'ja', at)).toBe('2025年7月23日 15:05');
  });

  it.each(LANGUAGE_CODES)('is in %s and says so in the table note', (lng) => {
    const zoned = render('{{dateTime at zone=true}}', lng, at);
    expect(zoned.length).toBeGreaterThan(render('{{dateTime at}}', lng, at).length + 3);
    expect(render('{{t "time.tableNote"}}', lng, at)).not.toBe('time.tableNote');
  });

  // A mail shows its times alone; a page either labels each time or says once, above its table, that
  // the times are Japan time.
  it('is on every time a mail or a page shows', () => {
    const unlabelled = templateFiles().flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      const times = [...source.matchAll(/{{(dateTime|dateHour) [^}]*}}/g)].map((m) => m[0]);
      const noted = !file.includes('mail-templates') && source.includes('{{t "time.tableNote"}}');
      return noted
        ? []
        : times.filter((t) => !t.includes('zone=true')).map((t) => `${relative(PROJECT_ROOT, file)}: ${t}`);
    });
    expect(unlabelled).toEqual([]);
  });
});
