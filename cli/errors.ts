/** Exit codes of SPEC §3. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

/**
 * An expected failure (bad usage, unreadable input): printed as one line `faultline: <message>`, never with
 * a stack trace, and the process exits with `exitCode`.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

const FS_REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/** `no such file` for ENOENT and the like: what a user can act on, not the errno. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && FS_REASONS[code]) return FS_REASONS[code];
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

export function cannotRead(displayPath: string, error: unknown): CliError {
  return new CliError(`cannot read '${displayPath}': ${fsReason(error)}`);
}

export function cannotWrite(displayPath: string, error: unknown): CliError {
  return new CliError(`cannot write '${displayPath}': ${fsReason(error)}`);
}
