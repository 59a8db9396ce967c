import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cycles, libraryGraph, mermaid, resolveRelative, ROOT, sourceImports, unitOf } from './import-graph';

/**
 * The boundaries of docs/architecture.md, checked over the import graph of apps/ and libs/ on every
 * `npm test`: libraries import each other only through their `@app/<name>` barrel, never in a circle,
 * never an app; the diagram in the docs is the graph the code really has.
 */
describe('module boundaries', () => {
  const edges = sourceImports();

  it('reads the sources', () => expect(edges.length).toBeGreaterThan(300));

  it('has no relative import that leaves its own library or app', () => {
    const crossing = edges
      .filter((e) => e.specifier.startsWith('.'))
      .filter((e) => {
        const target = resolveRelative(e.file, e.specifier);
        return !target.startsWith(`${e.file.split('/').slice(0, 2).join('/')}/`);
      })
      .map((e) => `${e.file} → ${e.specifier}`);
    expect(crossing).toEqual([]);
  });

  it('imports other libraries only through their barrel (no deep @app/<lib>/… imports)', () => {
    const deep = edges.filter((e) => /^@app\/[a-z-]+\//.test(e.specifier)).map((e) => `${e.file} → ${e.specifier}`);
    expect(deep).toEqual([]);
  });

  it('never imports an app from a library', () => {
    const up = edges
      .filter((e) => unitOf(e.file).startsWith('lib:'))
      .filter((e) => e.specifier.includes('apps/'))
      .map((e) => `${e.file} → ${e.specifier}`);
    expect(up).toEqual([]);
  });

  it('has no cycle between libraries', () => {
    expect(cycles(libraryGraph(edges)).map((c) => c.join(' → '))).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const g = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a'])],
    ]);
    expect(cycles(g)).toEqual([['a', 'b', 'c', 'a']]);
  });

  it('keeps the platform and the field rules at the bottom: they import no other library', () => {
    const g = libraryGraph(edges);
    expect([...(g.get('platform') ?? [])]).toEqual([]);
    expect([...(g.get('fields') ?? [])].filter((l) => l !== 'platform')).toEqual([]);
  });

  it('keeps SQL out of controllers (it lives in *.repository.ts)', () => {
    const controllers = [...new Set(edges.map((e) => e.file))].filter((f) => f.endsWith('.controller.ts'));
    expect(controllers.length).toBeGreaterThan(15);
    const withSql = controllers.filter((f) =>
      /\b(queryRows|createQueryBuilder|getRepository)\b|\.query\(|from 'typeorm'/.test(
        readFileSync(join(ROOT, f), 'utf8'),
      ),
    );
    expect(withSql).toEqual([]);
  });

  it('shows the real graph in docs/architecture.md', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const shown = /```mermaid\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(shown).toBe(mermaid(libraryGraph(edges)));
  });
});
