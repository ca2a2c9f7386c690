import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

/*
 * No import cycles between modules, type-only imports included (a type-only cycle is harmless at run time but ties
 * the modules together all the same: `analyzers/config.ts` once imported the registry while every rule imported
 * it for `FaultlineConfig`). Relative imports of every .ts file in the product's folders are resolved to files
 * (`./x` → `x.ts` or `x/index.ts`) and every strongly connected component of more than one module is reported.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const FOLDERS = ['language', 'analyzers', 'diagram', 'cli', 'extension', 'webview'];

function tsFiles(dir: string): string[] {
  if (!existsSync(join(ROOT, dir))) return [];
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(rel));
    else if (entry.name.endsWith('.ts')) out.push(rel);
  }
  return out;
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier)).replace(/\.(m?js|ts)$/, '');
  for (const candidate of [`${base}.ts`, `${base}/index.ts`]) {
    const path = join(ROOT, candidate);
    if (existsSync(path) && statSync(path).isFile()) return candidate;
  }
  return undefined;
}

function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
    const targets = info.importedFiles.map((ref) => resolveImport(file, ref.fileName)).filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** Tarjan's strongly connected components with more than one module (or a module importing itself). */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** One concrete loop through a component, for the message: a → b → … → a. */
function loopIn(component: readonly string[], graph: ReadonlyMap<string, readonly string[]>): string {
  const inside = new Set(component);
  const start = component[0]!;
  const path = [start];
  const seen = new Set([start]);
  for (;;) {
    const current = path[path.length - 1]!;
    const targets = (graph.get(current) ?? []).filter((t) => inside.has(t));
    if (targets.includes(start)) return [...path, start].join(' → ');
    const step = targets.find((t) => !seen.has(t));
    if (step === undefined) return `${component.join(', ')} (one component)`;
    path.push(step);
    seen.add(step);
  }
}

describe('import cycles', () => {
  it('no module imports itself through other modules (type-only imports count)', () => {
    const files = FOLDERS.flatMap(tsFiles);
    assert.ok(files.length > 100, `scanned ${files.length} files`);
    const graph = importGraph(files);
    const edges = [...graph.values()].reduce((n, t) => n + t.length, 0);
    assert.ok(edges > 300, `found ${edges} relative imports; the scanner is broken if it finds almost none`);
    const found = cycles(graph).map((c) => `${c.length} modules: ${loopIn(c, graph)}`);
    assert.deepEqual(found, [], `import cycles:\n  ${found.join('\n  ')}\n`);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    assert.deepEqual(cycles(graph), [['a.ts', 'b.ts', 'c.ts']]);
    assert.equal(loopIn(['a.ts', 'b.ts', 'c.ts'], graph), 'a.ts → b.ts → c.ts → a.ts');
  });
});
