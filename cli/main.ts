import { isMainThread, workerData } from 'node:worker_threads';
import { processIo } from './io';
import { oneLine, run } from './run';
import type { WorkerInit } from '../sim-workers/worker';

/*
 * The `faultline` executable (dist/cli/main.mjs, which the dist/cli.cjs launcher imports: scripts/build-cli.mjs).
 * All logic is in run.ts so tests can run it in-process; this file only connects it to the process and
 * guarantees the promise of SPEC §3: whatever happens, one line on stderr and exit 2, never a stack trace.
 */

function die(error: unknown): never {
  process.stderr.write(`faultline: internal error: ${oneLine(error)}\n`);
  process.exit(2);
}

// The bundled CLI is also a seed worker (sim-workers/pool.ts starts it on a thread when no dist/sim-worker.cjs is
// beside it). The test is sim-workers/worker.ts isSimWorker(), repeated so a command never loads the simulator.
if (!isMainThread && (workerData as Partial<WorkerInit> | undefined)?.faultlineSimWorker === true) {
  import('../sim-workers/worker').then((worker) => worker.serveSeeds(), die);
} else startCli();

function startCli(): void {
  process.on('uncaughtException', die);
  process.on('unhandledRejection', die);
  // `faultline rules | head` closes the pipe early: not an error worth a message.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    die(error);
  });

  run(process.argv.slice(2), processIo()).then((code) => {
    // exitCode, not exit(): let a large report finish flushing to a pipe.
    process.exitCode = code;
  }, die);
}
