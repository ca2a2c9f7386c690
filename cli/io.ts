/*
 * Everything the CLI touches of its process, passed in so tests can run commands in-process
 * (fast, and the fuzz test can call `check` hundreds of times without spawning Node).
 */
export interface Output {
  write(text: string): void;
  isTTY: boolean;
}

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: Output;
  stderr: Output;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: { write: (t) => void process.stdout.write(t), isTTY: process.stdout.isTTY === true },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true },
  };
}

/** Collects output in strings, for tests. */
export function memoryIo(cwd: string, env: Record<string, string | undefined> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd,
    env,
    stdout: { write: (t) => void (out += t), isTTY: false },
    stderr: { write: (t) => void (err += t), isTTY: false },
    out: () => out,
    err: () => err,
  };
}
