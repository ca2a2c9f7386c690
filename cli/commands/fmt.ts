import { format } from '../../language/format';
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE } from '../errors';
import { encodeSource, findArchFiles, readSource } from '../files';
import type { CliIo } from '../io';
import { writeFileAtomic } from '../write-file';

export interface FmtCommandOptions {
  check?: boolean;
}

/**
 * `faultline fmt`: rewrites files in the canonical layout; `--check` only lists the files that would change
 * (exit 1 if any). A file with syntax errors is left alone (formatting would guess at its structure): exit 2.
 * So is a file that is not valid UTF-8 (writing it back would replace its bad bytes). A byte order mark is kept.
 */
export async function runFmt(paths: string[], options: FmtCommandOptions, io: CliIo): Promise<number> {
  const { files, notes } = await findArchFiles(paths, io.cwd);
  for (const note of notes) io.stderr.write(`faultline: note: ${note}\n`);
  const sources = [];
  for (const file of files) sources.push(await readSource(file, io.cwd, { allowInvalidEncoding: true }));

  let changed = 0;
  let broken = 0;
  for (const source of sources) {
    if (source.invalidEncoding) {
      broken++;
      io.stderr.write(`faultline: cannot format '${source.display}': ${source.invalidEncoding.message}\n`);
      continue;
    }
    const result = format(source.text);
    if (result.errors > 0) {
      broken++;
      const errors = `${result.errors} syntax ${result.errors === 1 ? 'error' : 'errors'}`;
      io.stderr.write(`faultline: cannot format '${source.display}': ${errors} (see faultline check)\n`);
      continue;
    }
    if (result.text === source.text) continue;
    changed++;
    if (options.check) {
      io.stdout.write(`${source.display}\n`);
      continue;
    }
    await writeFileAtomic(source.absolute, encodeSource(source, result.text), source.display);
    io.stdout.write(`formatted ${source.display}\n`);
  }
  if (options.check && changed > 0) {
    io.stderr.write(`faultline: ${changed} of ${sources.length} ${changed === 1 ? 'file is' : 'files are'} not formatted (run faultline fmt)\n`);
  }
  if (broken > 0) return EXIT_USAGE;
  return options.check && changed > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
