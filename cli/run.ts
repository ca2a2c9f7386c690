import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { CheckCommandOptions } from './commands/check';
import type { DiagramCommandOptions } from './commands/diagram';
import type { SimulateCommandOptions } from './commands/simulate';
import type { FmtCommandOptions } from './commands/fmt';
import { FORMATS } from './commands/formats';
import { CliError, EXIT_OK, EXIT_USAGE } from './errors';
import type { CliIo, Output } from './io';
import { printableLines } from './report/printable';
import { VERSION } from './version';

/*
 * Start-up: each command's code is loaded with `import()` when that command runs, so `faultline rules` never
 * loads the parser, `check` never loads elkjs, the simulator or the language server (the bundle is split at
 * these imports: scripts/build-cli.mjs; test/unit/cli/startup.test.ts holds it to that). Nothing here may
 * import a command module except as a type.
 */

/** simulate.ts's SIM_FORMATS, here so the program is built without loading the simulator (tsc checks they agree). */
const SIM_FORMATS = ['text', 'json'] as const satisfies typeof import('./commands/simulate').SIM_FORMATS;

/**
 * Runs one command line and returns the exit code. Never throws and never prints a stack trace: expected
 * failures are one `faultline: …` line, anything else one `faultline: internal error: …` line (the stack
 * only with FAULTLINE_DEBUG set), exit 2.
 */
export async function run(argv: string[], rawIo: CliIo): Promise<number> {
  // Everything on stderr is for a person, and much of it quotes the user (paths, rule ids, names): control
  // characters in it are shown as escapes, never sent to the terminal (cli/report/printable.ts).
  const io: CliIo = { ...rawIo, stderr: printableOutput(rawIo.stderr) };
  let exitCode = EXIT_OK;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has already printed its message; help and --version exit 0, every other case is usage.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof CliError) {
      io.stderr.write(`faultline: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`faultline: internal error: ${oneLine(error)}\n`);
    if (io.env.FAULTLINE_DEBUG && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return EXIT_USAGE;
  }
}

function printableOutput(output: Output): Output {
  return { write: (text) => output.write(printableLines(text)), isTTY: output.isTTY };
}

export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]!.trim() || 'unknown error';
}

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('faultline')
    .description('Design review for distributed systems: checks .arch architecture files.')
    .version(VERSION, '-v, --version')
    // Set before the subcommands are added, which inherit them.
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // `error: unknown command 'chek'\n(Did you mean check?)` → one `faultline: …` line.
      outputError: (s, write) => write(`faultline: ${s.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)').trimEnd()}\n`),
    });

  program
    .command('check')
    .description('check .arch files and report problems (exit 1 if any error)')
    .argument('[paths...]', 'files or folders to check (folders are searched for *.arch)', [])
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-c, --config <file>', 'config file (default: the nearest faultline.json)')
    .option('--fix', 'apply the mechanical fixes, write the files, then report what remains')
    .option('--max-warnings <n>', 'exit 1 when there are more than n warnings', parseCount)
    .option('--rule <id=severity>', 'set a rule to off|error|warning|info (repeatable; wins over faultline.json)', collect, [])
    .option('--amplification-limit <n>', 'retry amplification factor that fires retry/amplification (default 10)', parseLimit)
    .option('--no-color', 'no colors in the text report')
    .action(async (paths: string[], options: CheckCommandOptions) => {
      const { runCheck } = await import('./commands/check');
      setExitCode(await runCheck(paths, options, io));
    });

  program
    .command('fmt')
    .description('format .arch files in place')
    .argument('[paths...]', 'files or folders to format', [])
    .option('--check', 'only list files that are not formatted (exit 1 if any)')
    // fmt's stdout lists file names (with --check, nothing else): escaped like stderr.
    .action(async (paths: string[], options: FmtCommandOptions) => {
      const { runFmt } = await import('./commands/fmt');
      setExitCode(await runFmt(paths, options, { ...io, stdout: printableOutput(io.stdout) }));
    });

  program
    .command('rules')
    .description('list every rule with its default severity')
    .action(async () => {
      const [{ ALL_RULES }, { formatRulesTable }] = await Promise.all([import('../analyzers/registry'), import('./commands/rules')]);
      io.stdout.write(formatRulesTable(ALL_RULES));
    });

  program
    .command('explain')
    .description("print a rule's documentation")
    .argument('<rule>', 'rule id, e.g. quorum/no-overlap')
    .action(async (rule: string) => {
      const { explainRule } = await import('./commands/explain');
      io.stdout.write(await explainRule(rule));
    });

  program
    .command('diagram')
    .description('draw a .arch file as an SVG diagram (stdout, or --out FILE)')
    .argument('<file>', 'the .arch file to draw')
    .option('-o, --out <file>', 'write the SVG to this file')
    .action(async (file: string, options: DiagramCommandOptions) => {
      const { runDiagram } = await import('./commands/diagram');
      setExitCode(await runDiagram(file, options, io));
    });

  const simulate = program.command('simulate');
  // `--fault KIND ARG…` takes several words, and commander glues a second `--fault`'s onto the first's: a default
  // run injects one fault (several are a scenario in the file), so a second `--fault` is refused up front.
  const parseOptions = simulate.parseOptions.bind(simulate);
  simulate.parseOptions = (args) => {
    const end = args.indexOf('--');
    const faults = (end < 0 ? args : args.slice(0, end)).filter((a) => a === '--fault' || a.startsWith('--fault='));
    if (faults.length > 1) throw new CliError('--fault given more than once: a default run injects one fault; write a scenario in the file for several (docs/scenarios.md)');
    return parseOptions(args);
  };
  simulate
    .description('run the scenarios of a .arch file under faults, over many seeds (exit 1 if an expectation fails)')
    .argument('<file>', 'the .arch file')
    .option('-s, --scenario <name>', 'run only this scenario')
    .option('--seeds <n>', 'seeds per scenario (default: the scenario\'s `seeds`, else 200)', parseSeedCount)
    .option('--seed <s>', 'run this one seed', parseSeed)
    .addOption(new Option('-f, --format <format>', 'report format').choices(SIM_FORMATS).default('text'))
    .option('--trace', 'print the whole trace of one seed (--seed, else the counterexample\'s)')
    .option('--target <name>', 'with --fault: run a default scenario on this store, cluster, lock or saga')
    .option('--fault <fault...>', 'with --target: one fault, crash-leader | lose-zone ZONE | partition "A | B, C" | pause-leader DURATION | pause-holder DURATION | fail-step STEP')
    .option('--no-shrink', 'report the counterexample as found, without shrinking it to the fewest faults')
    // Read when the command runs (parseShard lives with the simulator): its error is the same line, exit 2.
    .option('--shard <i/n>', 'run only the i-th of n slices of the seeds (for a CI matrix)')
    .option('-j, --jobs <n>', 'worker threads (default: one per core; 1 runs in-process)', parseJobs)
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--no-color', 'no colors in the text report')
    .action(async (file: string, raw: Omit<SimulateCommandOptions, 'shard'> & { shard?: string }) => {
      const { parseShard, runSimulate } = await import('./commands/simulate');
      const { shard, ...rest } = raw;
      const options: SimulateCommandOptions = shard === undefined ? rest : { ...rest, shard: parseShard(shard) };
      setExitCode(await runSimulate(file, options, io));
    });

  program
    .command('lsp')
    .description('run the Faultline language server (for editors other than VS Code)')
    .option('--stdio', 'talk LSP over stdin/stdout (the default)')
    .option('--node-ipc', 'talk LSP over node IPC')
    .option('--socket <port>', 'talk LSP over a socket')
    .action(async () => {
      // The server has its own last line of defence (it logs, never exits); the CLI's exit-2 handlers would
      // kill a long-lived editor session on a stray error.
      process.removeAllListeners('uncaughtException');
      process.removeAllListeners('unhandledRejection');
      const { startServer } = await import('../extension/server/server');
      startServer();
      // Resolves only when the editor closes the connection; the process then exits with the server.
      await new Promise<void>(() => undefined);
    });

  return program;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 1) throw new InvalidArgumentError('expected a number greater than 1.');
  return n;
}

function parseSeedCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 100_000) throw new InvalidArgumentError('expected a whole number from 1 to 100000.');
  return Number(value);
}

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return Number(value);
}

function parseJobs(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 256) throw new InvalidArgumentError('expected a whole number from 1 to 256.');
  return Number(value);
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return Number(value);
}
