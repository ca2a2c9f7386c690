import { startServer } from './server';

// Entry of dist/server.cjs: the VS Code client starts it over node IPC; `faultline lsp --stdio` shares startServer.
startServer();
