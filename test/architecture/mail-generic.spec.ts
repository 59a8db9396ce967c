import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './import-graph';

const FORBIDDEN = /coe|certificate|在留資格/i;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The mail library is generic: features register attachments and hooks, it never names one of them. */
describe('libs/mail knows no feature', () => {
  const files = filesUnder(join(ROOT, 'libs', 'mail'));

  it('reads every file of the library', () => expect(files.length).toBeGreaterThan(10));

  it('never mentions certificates (coe, certificate, 在留資格) in code, templates or comments', () => {
    const hits = files.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(ROOT, file)}:${i + 1}` }))
        .filter(({ line }) => FORBIDDEN.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });

  it('would notice a mention (the pattern itself works)', () => {
    for (const text of ['coeId', 'MAIL_OUTBOX_COE_IDX', 'e-Certificate', '在留資格認定証明書']) {
      expect(FORBIDDEN.test(text)).toBe(true);
    }
  });
});
