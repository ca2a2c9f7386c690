import { isSimWorker, serveSeeds } from './worker';

// Entry of dist/sim-worker.cjs: the seed worker alone (the language and the simulator, no CLI, no language server,
// no elkjs), so a worker thread loads a fraction of what the CLI or server bundle holds. The pool starts it.
if (isSimWorker()) serveSeeds();
