import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(__dirname, '..', '..');

export interface ImportEdge {
  /** File that imports, relative to the repository root. */
  file: string;
  specifier: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every TypeScript file of apps/ and libs/, with the module specifiers it imports or re-exports. */
export function sourceImports(): ImportEdge[] {
  const files = ['apps', 'libs'].flatMap((d) => walk(join(ROOT, d)));
  return files.flatMap((path) => {
    const info = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
    return info.importedFiles.map((f) => ({ file: relative(ROOT, path).split(sep).join('/'), specifier: f.fileName }));
  });
}

/** The unit a file belongs to: `lib:<name>` or `app:<name>`. */
export function unitOf(file: string): string {
  const [top, name] = file.split('/');
  return `${top === 'libs' ? 'lib' : 'app'}:${name}`;
}

/** Where a relative import from `file` lands, as a repository path. */
export const resolveRelative = (file: string, specifier: string): string =>
  relative(ROOT, resolve(ROOT, dirname(file), specifier))
    .split(sep)
    .join('/');

/** Library → libraries it imports (through `@app/<name>`), from every file of the library. */
export function libraryGraph(edges = sourceImports()): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    const from = unitOf(e.file);
    if (!from.startsWith('lib:')) continue;
    const name = from.slice(4);
    if (!graph.has(name)) graph.set(name, new Set());
    const m = /^@app\/([a-z-]+)(?:\/|$)/.exec(e.specifier);
    if (m && m[1] !== name && m[1] !== 'migrations') graph.get(name)!.add(m[1]);
  }
  return graph;
}

/** Every cycle's libraries, found by depth-first search (empty when the graph is a DAG). */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string) => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of [...graph.keys()].sort()) if (!state.has(n)) visit(n);
  return found;
}

/** The library graph as a Mermaid flowchart, in a stable order (what docs/architecture.md shows). */
export function mermaid(graph: Map<string, Set<string>>): string {
  const lines = ['flowchart BT'];
  for (const lib of [...graph.keys()].sort()) {
    const deps = [...(graph.get(lib) ?? [])].sort();
    if (!deps.length) lines.push(`  ${lib}`);
    for (const d of deps) lines.push(`  ${lib} --> ${d}`);
  }
  return lines.join('\n');
}
