import { BenchSection, mergeSections } from '../../bench/report';

const section = (title: string, ratio: number): BenchSection => ({
  id: title,
  title,
  command: `npm run bench -- ${title}`,
  method: 'Seeded.',
  rows: [{ what: 'page', floor: 'f', result: 'r', ratio, target: '≤ 2×', met: ratio <= 2 }],
});

const DOC = [
  '# Benchmarks',
  '',
  '## Targets at a glance',
  '',
  '| section | what | ratio | target | met |',
  '|---|---|---|---|---|',
  '| A | page | 1.00× | ≤ 2× | yes |',
  '| B | page | 1.50× | ≤ 2× | yes |',
  '',
  '## A',
  '',
  'Reproduce: `a`. old A.',
  '',
  '## B',
  '',
  'Reproduce: `b`. old B.',
  '',
  '# History: kept by hand',
  '',
  'before/after',
  '',
].join('\n');

describe('a partial bench run updates docs/benchmarks.md in place (bench/report.ts)', () => {
  it('replaces the section run and its glance rows; the other sections and the history stay', () => {
    const out = mergeSections(DOC, [section('A', 3)], ' (alone)');
    expect(out).not.toContain('old A.');
    expect(out).toContain('Reproduce: `npm run bench -- A`. Seeded. (alone)');
    expect(out).toContain('## B\n\nReproduce: `b`. old B.');
    expect(out.match(/^\| A \| page .*$/gm)).toEqual(['| A | page | 3.00× | ≤ 2× | **no** |']);
    expect(out).toContain('| B | page | 1.50× | ≤ 2× | yes |');
    expect(out.endsWith('# History: kept by hand\n\nbefore/after\n')).toBe(true);
    expect(out.indexOf('## A')).toBeLessThan(out.indexOf('## B'));
  });

  it('adds a new section before the history and its rows to the glance table', () => {
    const out = mergeSections(DOC, [section('C', 1)], '');
    expect(out.indexOf('## C')).toBeGreaterThan(out.indexOf('## B'));
    expect(out.indexOf('## C')).toBeLessThan(out.indexOf('# History'));
    const glance = out.slice(0, out.indexOf('## A'));
    // Below the table's separator line, at the end of its rows (a row above the separator breaks the table).
    expect(glance).toContain('|---|---|---|---|---|\n| A | page | 1.00× | ≤ 2× | yes |');
    expect(glance).toContain('| B | page | 1.50× | ≤ 2× | yes |\n| C | page | 1.00× | ≤ 2× | yes |\n');
  });
});
