import fg from 'fast-glob';
import { readFile, stat } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { cannotRead } from './errors';

export interface SourceFile {
  absolute: string;
  /** Relative to the working directory, forward slashes: what reports print. */
  display: string;
  text: string;
}

export interface FoundFiles {
  files: string[];
  /** Not errors: e.g. a folder without any `.arch` file. */
  notes: string[];
}

/** Folders are searched for `*.arch`; node_modules and dot-folders are skipped (fast-glob's default for dots). */
const IGNORE = ['**/node_modules/**'];

export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

/**
 * Expands the command-line paths to absolute `.arch` file paths, sorted and without duplicates.
 * A path that does not exist is unreadable input (CliError → exit 2), unless it is a glob pattern the
 * shell left unexpanded, which is searched like a folder.
 */
export async function findArchFiles(paths: string[], cwd: string): Promise<FoundFiles> {
  const found = new Set<string>();
  const notes: string[] = [];
  for (const path of paths.length ? paths : ['.']) {
    const absolute = resolve(cwd, path);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(absolute)).isDirectory();
    } catch (error) {
      if (fg.isDynamicPattern(path)) {
        const matches = await fg(path.split(sep).join('/'), { cwd, absolute: true, onlyFiles: true, ignore: IGNORE, followSymbolicLinks: false });
        if (matches.length === 0) notes.push(`no file matches '${path}'`);
        for (const m of matches) found.add(resolve(m));
        continue;
      }
      throw cannotRead(path, error);
    }
    if (!isDirectory) {
      // A file named explicitly is checked whatever its extension: the user asked for it.
      found.add(absolute);
      continue;
    }
    // Symbolic links to folders are not followed: a link back up (`a/up -> ..`) would list every file again
    // and again, and `--fix` would write each one as many times.
    const matches = await fg('**/*.arch', { cwd: absolute, absolute: true, onlyFiles: true, ignore: IGNORE, followSymbolicLinks: false });
    if (matches.length === 0) notes.push(`no .arch files in '${displayPath(absolute, cwd)}'`);
    for (const m of matches) found.add(resolve(m));
  }
  const files = [...found].sort((a, b) => compare(displayPath(a, cwd), displayPath(b, cwd)));
  return { files, notes };
}

export async function readSource(absolute: string, cwd: string): Promise<SourceFile> {
  const display = displayPath(absolute, cwd);
  try {
    return { absolute, display, text: await readFile(absolute, 'utf8') };
  } catch (error) {
    throw cannotRead(display, error);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
