import type FastGlob from 'fast-glob';
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { compareStrings } from '../language/compare';
import type { Range } from '../language/range';
import { CliError, cannotRead } from './errors';

export interface SourceFile {
  absolute: string;
  /** Relative to the working directory, forward slashes: what reports print. */
  display: string;
  /** The text after the byte order mark, if any. */
  text: string;
  /** Whether the file starts with a UTF-8 byte order mark: a rewrite keeps it. */
  bom: boolean;
  /**
   * Set when the file is not valid UTF-8 (only with `allowInvalidEncoding`): then `text` is decoded with
   * U+FFFD for the bad bytes, for showing lines only. Such a file is never written.
   */
  invalidEncoding?: EncodingProblem;
}

export interface EncodingProblem {
  /** `not valid UTF-8 (byte 0xE9 at line 5, column 7, byte offset 44); …`: one line. */
  message: string;
  /** The first bad byte, as a 0-based range in `text`. */
  range: Range;
}

export interface ReadOptions {
  /** Return a file that is not valid UTF-8 with `invalidEncoding` set instead of throwing. */
  allowInvalidEncoding?: boolean;
}

export interface FoundFiles {
  files: string[];
  /** Not errors: e.g. a folder without any `.arch` file. */
  notes: string[];
}

/** Folders are searched for `*.arch`; node_modules and dot-folders are skipped (fast-glob's default for dots). */
const IGNORE = ['**/node_modules/**'];

/** fast-glob, loaded the first time a folder or a pattern is searched: `check a.arch` never needs it. */
async function fastGlob(): Promise<typeof FastGlob> {
  return (await import('fast-glob')).default;
}

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
  /** Found through a symbolic link to a file. */
  const links = new Set<string>();
  const notes: string[] = [];
  for (const path of paths.length ? paths : ['.']) {
    const absolute = resolve(cwd, path);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(absolute)).isDirectory();
    } catch (error) {
      const fg = await fastGlob();
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
    // Symbolic links to folders are not followed, and a note says so: a link back up (`a/up -> ..`) would list
    // every file again and again, and `--fix` would write each one as many times. A link to a file cannot loop:
    // it is checked like a file (once per real file, below), when it stays inside the workspace.
    const entries = await (await fastGlob())('**', { cwd: absolute, absolute: true, onlyFiles: false, objectMode: true, ignore: [...IGNORE, '**/node_modules'], followSymbolicLinks: false });
    // A link found while searching must not lead out of the workspace (issue 13): a shared repository's
    // `x.arch -> ~/.ssh/id_rsa` would be read and quoted in the report, and `fmt`/`--fix` would rewrite the target.
    // The workspace is the working directory and the folder searched, as real paths.
    const roots = await Promise.all([cwd, absolute].map((p) => realpath(p).catch(() => resolve(p))));
    let count = 0;
    for (const entry of entries) {
      const path = resolve(entry.path);
      const isArch = entry.name.endsWith('.arch');
      if (entry.dirent.isSymbolicLink()) {
        let target;
        let real: string;
        try {
          target = await stat(path);
          real = await realpath(path);
        } catch {
          if (isArch) notes.push(`skipped broken symbolic link '${displayPath(path, cwd)}'`);
          continue;
        }
        if (target.isDirectory()) notes.push(`did not follow symbolic link to a folder '${displayPath(path, cwd)}' (name it on the command line to check it)`);
        else if (isArch && target.isFile() && !roots.some((root) => isInside(root, real))) {
          notes.push(`did not follow symbolic link '${displayPath(path, cwd)}' out of the workspace (name it on the command line to check it)`);
        } else if (isArch && target.isFile()) {
          found.add(path);
          links.add(path);
          count++;
        }
      } else if (isArch && entry.dirent.isFile()) {
        found.add(path);
        count++;
      }
    }
    if (count === 0) notes.push(`no .arch files in '${displayPath(absolute, cwd)}'`);
  }
  if (links.size > 0) {
    // One path per real file, a regular path before a link: the same file must not be checked (or fixed) twice.
    const byReal = new Map<string, string>();
    const ordered = [...found].sort((a, b) => Number(links.has(a)) - Number(links.has(b)) || compareStrings(a, b));
    for (const file of ordered) {
      const real = await realpath(file).catch(() => file);
      if (!byReal.has(real)) byReal.set(real, file);
    }
    found.clear();
    for (const file of byReal.values()) found.add(file);
  }
  const files = [...found].sort((a, b) => compareStrings(displayPath(a, cwd), displayPath(b, cwd)));
  return { files, notes };
}

/** Whether `path` is `root` or below it (both absolute). */
function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Reads a source file as strict UTF-8 (a leading byte order mark is taken off and remembered). A file that is not
 * UTF-8 is unreadable input (CliError → exit 2) unless `allowInvalidEncoding`: decoding it leniently would turn
 * each bad byte into U+FFFD, and writing that back would damage the file.
 */
export async function readSource(absolute: string, cwd: string, options: ReadOptions = {}): Promise<SourceFile> {
  const display = displayPath(absolute, cwd);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    throw cannotRead(display, error);
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom) bytes = bytes.subarray(3);
  try {
    return { absolute, display, bom, text: STRICT.decode(bytes) };
  } catch {
    const invalidEncoding = encodingProblem(bytes, bom);
    if (!options.allowInvalidEncoding) throw new CliError(`cannot read '${display}': ${invalidEncoding.message}`);
    return { absolute, display, bom, text: LENIENT.decode(bytes), invalidEncoding };
  }
}

// `ignoreBOM`: the mark is handled above; a second one would be text.
const STRICT = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LENIENT = new TextDecoder('utf-8', { ignoreBOM: true });

/** Where the first byte that is not part of a well-formed UTF-8 sequence is, for a one-line message. */
function encodingProblem(bytes: Uint8Array, bom: boolean): EncodingProblem {
  const at = Math.max(0, firstInvalidUtf8(bytes));
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < at; i++) {
    const c = bytes[i];
    if (c === 10 || (c === 13 && bytes[i + 1] !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  // Everything before `at` is valid, so it decodes exactly: the column in UTF-16 units, as ranges count.
  const character = STRICT.decode(bytes.subarray(lineStart, at)).length;
  const byte = (bytes[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  const offset = at + (bom ? 3 : 0);
  return {
    message: `not valid UTF-8 (byte 0x${byte} at line ${line + 1}, column ${character + 1}, byte offset ${offset}); save the file as UTF-8`,
    range: { start: { line, character }, end: { line, character: character + 1 } },
  };
}

/** The offset of the first byte that does not start (or continue) a well-formed UTF-8 sequence; -1 if none. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const cont = (i: number, low = 0x80, high = 0xbf): boolean => i < bytes.length && bytes[i]! >= low && bytes[i]! <= high;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let length = 0;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = cont(i + 1) ? 2 : 0;
    else if (b === 0xe0) length = cont(i + 1, 0xa0) && cont(i + 2) ? 3 : 0;
    else if (b === 0xed) length = cont(i + 1, 0x80, 0x9f) && cont(i + 2) ? 3 : 0;
    else if (b >= 0xe1 && b <= 0xef) length = cont(i + 1) && cont(i + 2) ? 3 : 0;
    else if (b === 0xf0) length = cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b >= 0xf1 && b <= 0xf3) length = cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b === 0xf4) length = cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/** The bytes to write back for `text`: UTF-8, with the byte order mark the file had. */
export function encodeSource(source: Pick<SourceFile, 'bom'>, text: string): string {
  return source.bom ? `\uFEFF${text}` : text;
}
