import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { cannotWrite } from './errors';

/*
 * Every file the CLI writes (`fmt`, `check --fix`, `--output`, `diagram --out`) is written to a temporary file
 * beside it and renamed over it: a crash or a full disk mid-write leaves the old file whole, never half of the
 * new one. Through a symbolic link the link's target is replaced (the link stays a link); the target keeps its
 * permission bits (owner and group are those of whoever runs the CLI, as for any new file).
 */

export interface WriteOptions {
  /** Create missing parent folders (a report file's `--output` path). */
  makeDirectory?: boolean;
}

/** Writes `content` to `absolute` atomically; any failure is a one-line CliError naming `display`. */
export async function writeFileAtomic(absolute: string, content: string | Uint8Array, display: string, options: WriteOptions = {}): Promise<void> {
  let temp: string | undefined;
  try {
    if (options.makeDirectory) await mkdir(dirname(absolute), { recursive: true });
    const target = await existingTarget(absolute);
    const mode = target ? (await stat(target)).mode & 0o7777 : undefined;
    const path = target ?? absolute;
    temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    // `wx`: never reuse a file that is already there (the name is unique, but a stale one must not be followed).
    // A new file gets the mode `writeFile` would give it (0o666 less the umask); a replaced one keeps its own.
    const handle = await open(temp, 'wx', mode === undefined ? 0o666 : 0o600);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await chmod(temp, mode);
    await rename(temp, path);
    temp = undefined;
  } catch (error) {
    if (temp !== undefined) await unlink(temp).catch(() => undefined);
    throw cannotWrite(display, error);
  }
}

/** The real path of an existing file (links followed), or undefined when there is none yet. */
async function existingTarget(absolute: string): Promise<string | undefined> {
  try {
    return await realpath(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
