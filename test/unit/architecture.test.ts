import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, posix, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

/*
 * The layer table in ARCHITECTURE.md ("Layers and their boundaries"), executed: the table is parsed (so the doc and
 * this test cannot drift), every .ts file of every folder it lists is scanned for imports, and each import must be
 * allowed by its folder's row. A few rules are also pinned here, independently of the table, so that loosening the
 * table to make a violation pass fails too.
 */

const ROOT = resolve(import.meta.dirname, '../..');
/** Top-level folders that are not layers: test code, benchmarks, build scripts. */
const NOT_LAYERS = new Set(['test', 'bench', 'scripts', 'node_modules', 'dist', 'docs', 'media', 'samples', 'snippets', 'syntaxes']);
const NODE = 'node:*';

interface Entry {
  /** `language/` (a folder), `zod` (a package), `node:*` or `package.json` (a file at the root). */
  name: string;
  lazy: boolean;
}

interface Row {
  /** Folders (`language/`) or, for the test-code row, file-name patterns (`*.test.ts`, `test-kit.ts`). */
  subjects: string[];
  may: Entry[];
  never: string[];
}

const codeSpans = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

function parseEntries(cell: string, where: string): Entry[] {
  if (cell.trim() === '—' || cell.trim() === '') return [];
  return cell.split(',').map((part) => {
    const m = /^\s*`([^`]+)`\s*(.*?)\s*$/.exec(part);
    assert.ok(m, `${where}: every item must be one \`code span\`, optionally followed by (lazily); got "${part.trim()}"`);
    assert.ok(m[2] === '' || m[2] === '(lazily)', `${where}: unknown annotation "${m[2]}" after \`${m[1]}\``);
    return { name: m[1]!, lazy: m[2] === '(lazily)' };
  });
}

function parseLayerTable(markdown: string): Row[] {
  const section = /^## Layers and their boundaries\n([\s\S]*?)(?=^## )/m.exec(markdown);
  assert.ok(section, 'ARCHITECTURE.md has a "## Layers and their boundaries" section');
  const lines = section[1]!.split('\n').filter((l) => l.startsWith('|'));
  const cells = (line: string) => line.slice(1, line.endsWith('|') ? -1 : undefined).split('|').map((c) => c.trim());
  assert.deepEqual(cells(lines[0] ?? ''), ['folder', 'may import', 'never imports', 'notes'], 'the layer table has the columns this test reads');
  assert.match(lines[1] ?? '', /^\|(\s*-+\s*\|){4}$/);
  return lines.slice(2).map((line) => {
    const [subject = '', may = '', never = ''] = cells(line);
    const subjects = codeSpans(subject);
    assert.ok(subjects.length > 0, `a row names its folder as a code span: ${line}`);
    const where = `ARCHITECTURE.md row ${subjects.join(', ')}`;
    return { subjects, may: parseEntries(may, `${where}, "may import"`), never: parseEntries(never, `${where}, "never imports"`).map((e) => e.name) };
  });
}

const isFolder = (name: string) => name.endsWith('/');

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const rel = posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(rel));
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.mjs')) out.push(rel);
  }
  return out;
}

interface Import {
  file: string;
  line: number;
  specifier: string;
  /** What it names, in the table's terms: a folder of the table (or another top-level folder), a package, `node:*`. */
  target: string;
  dynamic: boolean;
}

/** Every import, `export … from`, `import()`, `require()` and type reference of a file (type-only ones included). */
function importsOf(file: string, folders: readonly string[]): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const info = ts.preProcessFile(text, true, true);
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  return [...info.importedFiles, ...info.typeReferenceDirectives].map((ref) => {
    const specifier = ref.fileName;
    const line = source.getLineAndCharacterOfPosition(ref.pos).line + 1;
    const dynamic = /\bimport\s*\(\s*['"`]?$/.test(text.slice(Math.max(0, ref.pos - 40), ref.pos));
    return { file, line, specifier, target: targetOf(file, specifier, folders), dynamic };
  });
}

function targetOf(file: string, specifier: string, folders: readonly string[]): string {
  if (specifier.startsWith('.')) {
    const path = posix.normalize(posix.join(posix.dirname(file), specifier));
    if (path.startsWith('..')) return `outside the repository (${path})`;
    // The most specific folder of the table (extension/server/ before extension/), else the top-level folder.
    const folder = [...folders].sort((a, b) => b.length - a.length).find((f) => `${path}/`.startsWith(f));
    if (folder) return folder;
    return path.includes('/') ? `${path.split('/')[0]}/` : path;
  }
  if (specifier.startsWith('node:') || isBuiltin(specifier)) return NODE;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const TABLE = parseLayerTable(readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8'));
const LAYERS = TABLE.filter((r) => r.subjects.every(isFolder));
const TEST_ROWS = TABLE.filter((r) => !r.subjects.every(isFolder));
const FOLDERS = LAYERS.flatMap((r) => r.subjects);
const isTestCode = (file: string) =>
  TEST_ROWS.some((r) => r.subjects.some((p) => (p.startsWith('*') ? file.endsWith(p.slice(1)) : posix.basename(file) === p)));

function rowOf(file: string): Row | undefined {
  const folder = [...FOLDERS].sort((a, b) => b.length - a.length).find((f) => file.startsWith(f));
  return LAYERS.find((r) => folder !== undefined && r.subjects.includes(folder));
}

/** Why an import is not allowed, or undefined when it is. */
function violation(imp: Import): string | undefined {
  const row = rowOf(imp.file)!;
  const own = row.subjects;
  if (own.includes(imp.target)) return undefined;
  // Test code may also use the test row's entries (node:test, fast-check, …), whatever its folder's row forbids.
  const testRow = isTestCode(imp.file) ? TEST_ROWS : [];
  if (testRow.some((r) => r.may.some((e) => e.name === imp.target)) && !testRow.some((r) => r.never.includes(imp.target))) return undefined;
  const entry = row.may.find((e) => e.name === imp.target);
  const never = [...row.never, ...testRow.flatMap((r) => r.never)].includes(imp.target);
  if (!entry || never) return `${own.join(', ')} may not import ${imp.target}${never ? ' (listed under "never imports")' : ''}`;
  if (entry.lazy && !imp.dynamic) return `${own.join(', ')} may import ${imp.target} only lazily, with import()`;
  return undefined;
}

describe('architecture: the layer table in ARCHITECTURE.md', () => {
  it('is well formed: folders exist, no entry is both allowed and forbidden', () => {
    assert.ok(LAYERS.length >= 7, `expected a row per layer, found ${LAYERS.length}`);
    for (const row of TABLE) {
      const may = row.may.map((e) => e.name);
      const both = may.filter((m) => row.never.includes(m));
      assert.deepEqual(both, [], `${row.subjects.join(', ')}: allowed and forbidden at once`);
    }
    for (const folder of FOLDERS) {
      assert.ok(statSync(join(ROOT, folder), { throwIfNoEntry: false })?.isDirectory(), `${folder} (in the table) is a folder`);
      assert.ok(tsFiles(folder).length > 0, `${folder} (in the table) has .ts files`);
    }
    const referenced = TABLE.flatMap((r) => [...r.may.map((e) => e.name), ...r.never]).filter(isFolder);
    for (const folder of referenced) {
      assert.ok(statSync(join(ROOT, folder), { throwIfNoEntry: false })?.isDirectory(), `${folder} (named in the table) exists`);
    }
  });

  it('has a row for every top-level folder with TypeScript, and every .ts file of extension/ is in one', () => {
    const missing = readdirSync(ROOT, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !NOT_LAYERS.has(d.name))
      .filter((d) => tsFiles(d.name).length > 0)
      .flatMap((d) => {
        const files = tsFiles(d.name).filter((f) => rowOf(f) === undefined);
        return files.length > 0 ? [`${d.name}/ (${files.slice(0, 3).join(', ')}${files.length > 3 ? ', …' : ''})`] : [];
      });
    assert.deepEqual(missing, [], 'folders with code that no row of the layer table covers');
  });

  // Pinned here, not read from the table: the table must keep saying this.
  it('keeps the fixed rules: only extension/ imports vscode; language/ imports no folder; analyzers/ no cli/extension; the webview only diagram/', () => {
    const may = (folder: string) => (LAYERS.find((r) => r.subjects.includes(folder))?.may ?? []).map((e) => e.name);
    for (const row of TABLE) {
      if (!row.subjects.every((s) => s.startsWith('extension/'))) {
        assert.ok(!row.may.some((e) => e.name === 'vscode'), `${row.subjects.join(', ')} must not be allowed vscode`);
      }
    }
    assert.deepEqual(may('language/').filter(isFolder), [], 'language/ imports no other folder');
    for (const f of ['language/', 'analyzers/', 'diagram/', 'webview/']) {
      assert.ok(!may(f).includes(NODE), `${f} must not be allowed Node built-ins (it runs in the browser or in the per-seed run)`);
    }
    assert.deepEqual(may('analyzers/').filter((m) => m === 'vscode' || m === 'cli/' || m.startsWith('extension/')), [], 'analyzers/ imports no cli/, extension/, vscode');
    assert.deepEqual(may('diagram/').filter(isFolder), [], 'diagram/ (pure rendering and the protocol) imports no other folder');
    assert.deepEqual(may('webview/').filter(isFolder), ['diagram/'], 'the webview imports only diagram/ (its protocol and the pure renderer)');
  });

  it('allows every import in language/, analyzers/, diagram/, cli/, extension/, webview/', () => {
    const files = FOLDERS.flatMap(tsFiles);
    assert.ok(files.length > 100, `scanned ${files.length} files`);
    const offending: string[] = [];
    let count = 0;
    for (const file of files) {
      for (const imp of importsOf(file, FOLDERS)) {
        count++;
        const why = violation(imp);
        if (why) offending.push(`${imp.file}:${imp.line} → '${imp.specifier}': ${why}`);
      }
    }
    assert.ok(count > 300, `found ${count} imports; the scanner is broken if it finds almost none`);
    assert.equal(offending.length, 0, `imports the layer table in ARCHITECTURE.md does not allow:\n  ${offending.join('\n  ')}\n`);
  });

  it('sees every form of import the scanner is meant to see', () => {
    const probe = [
      "import a from 'pkg-a';",
      "import type { B } from '@scope/pkg-b/deep';",
      "export { c } from '../analyzers/c';",
      "export * from './d';",
      'const e = await import("../extension/server/e");',
      "const f = require('node:fs');",
      "import 'path';",
      "type G = typeof import('vscode');",
    ].join('\n');
    const info = ts.preProcessFile(probe, true, true);
    const targets = info.importedFiles.map((r) => targetOf('cli/x.ts', r.fileName, FOLDERS));
    assert.deepEqual(targets, ['pkg-a', '@scope/pkg-b', 'analyzers/', 'cli/', 'extension/server/', NODE, NODE, 'vscode']);
  });
});
