import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// The platform barrel is loaded by every app at start; pdf-lib and fontkit cost a third of a second of
// CPU to load, so they come with the first PDF (docs/decisions.md), never with these helpers.
it('imports pdf-lib and fontkit only as types', () => {
  const sources = readdirSync(__dirname).filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'));
  expect(sources).toContain('pdf-fonts.ts');
  const runtime = sources.flatMap((file) =>
    [
      ...readFileSync(join(__dirname, file), 'utf8').matchAll(
        /^import (?!type\b)[^;]*from '(pdf-lib|@pdf-lib\/[^']+)'/gm,
      ),
    ].map((match) => `${file}: ${match[1]}`),
  );
  expect(runtime).toEqual([]);
});
