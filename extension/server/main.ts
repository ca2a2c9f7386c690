import { isSimWorker, serveSeeds } from '../../sim-workers/worker';
import { startServer } from './server';

// Entry of dist/server.cjs: the VS Code client starts it over node IPC; `faultline lsp --stdio` shares startServer.
// The same file is the language server's seed worker (sim-workers/pool.ts starts it on a thread for a simulation).
if (isSimWorker()) serveSeeds();
else startServer();
