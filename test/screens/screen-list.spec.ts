import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCREEN_LANGUAGES, screenFile, SCREENS, screenshotsSection, SCREENSHOTS_HEADING } from './screen-list';

const root = join(__dirname, '..', '..');

/**
 * The manual's sections 1.5–6.3 (its table of contents) that show a screen of this system. Left out:
 * 4 (the application is made at the counter, on paper).
 */
const MANUAL_SECTIONS_WITH_A_SCREEN = [
  '1.5',
  '1.6',
  '2.1',
  '2.2',
  '2.3',
  '2.4',
  '2.5',
  '2.6',
  '3',
  '5',
  '6',
  '6.1',
  '6.2',
  '6.3',
];

describe('npm run screens: its list of screens (test/screens/screen-list.ts)', () => {
  it('names every section of the manual from 1.5 to 6.3 that has a screen, and no other', () => {
    const covered = new Set(SCREENS.flatMap((s) => [s.section, ...(s.alsoFor ?? [])]));
    expect([...covered].sort()).toEqual([...MANUAL_SECTIONS_WITH_A_SCREEN].sort());
  });

  it('gives every screen a file name of its own', () => {
    const files = SCREENS.map((s) => screenFile(s, 'ja'));
    expect(new Set(files).size).toBe(files.length);
  });

  it('links each section of docs/manual-conformance.md to its own screenshots', () => {
    const doc = readFileSync(join(root, 'docs', 'manual-conformance.md'), 'utf8');
    for (const section of MANUAL_SECTIONS_WITH_A_SCREEN) {
      const start = doc.indexOf(`\n## ${section} `);
      expect({ section, found: start >= 0 }).toEqual({ section, found: true });
      const body = doc.slice(start + 1, doc.indexOf('\n## ', start + 1));
      const own = SCREENS.filter((s) => s.section === section || s.alsoFor?.includes(section));
      for (const file of own.flatMap((s) => SCREEN_LANGUAGES.map((l) => `(screens/${screenFile(s, l)})`))) {
        expect({ section, file, linked: body.includes(file) }).toEqual({ section, file, linked: true });
      }
    }
  });

  it('ends docs/manual-conformance.md with the table it writes, and docs/screens holds exactly its PNGs', async () => {
    const doc = readFileSync(join(root, 'docs', 'manual-conformance.md'), 'utf8');
    // Written by the last run of `npm run screens`: a screen added to the list needs a new run.
    expect(doc.slice(doc.indexOf(`\n${SCREENSHOTS_HEADING}\n`) + 1)).toBe(await screenshotsSection());
    const expected = SCREENS.flatMap((s) => SCREEN_LANGUAGES.map((l) => screenFile(s, l))).sort();
    const dir = join(root, 'docs', 'screens');
    expect(existsSync(dir) ? readdirSync(dir).sort() : []).toEqual(expected);
  });
});
