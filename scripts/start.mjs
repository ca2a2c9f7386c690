// `npm start`: VS Code with the Faultline extension on samples/.
// The desktop `code` when it is on PATH; otherwise the VS Code server build on 127.0.0.1, with the URL to open.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { provision } from './provision-vscode.mjs';

const ROOT = resolve('.');
const SAMPLES = resolve('samples');

function hasDesktopCode() {
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

function freePort(preferred) {
  return new Promise((ok) => {
    const server = createServer();
    server.once('error', () => {
      const other = createServer();
      other.listen(0, '127.0.0.1', () => {
        const { port } = other.address();
        other.close(() => ok(port));
      });
    });
    server.listen(preferred, '127.0.0.1', () => server.close(() => ok(preferred)));
  });
}

if (hasDesktopCode() && !process.env.FAULTLINE_SERVER) {
  console.log('faultline: opening VS Code with the extension on samples/');
  spawn('code', ['--extensionDevelopmentPath', ROOT, SAMPLES], { stdio: 'inherit', detached: true }).unref();
} else {
  let serverMain;
  try {
    ({ serverMain } = provision({ browser: false }));
  } catch (error) {
    console.error(`faultline: cannot start VS Code: ${error.message}`);
    process.exit(1);
  }
  const port = await freePort(Number(process.env.PORT) || 8433);
  const payload = [['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${ROOT}`], ['skipWelcome', 'true']];
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(SAMPLES)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const server = spawn(process.execPath, [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms', '--disable-workspace-trust'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  console.log(`faultline: VS Code (server build) with the extension on samples/ is at\n\n  ${url}\n\nOpen it in a browser on this machine. Ctrl+C stops the server.`);
  const stop = () => {
    server.kill('SIGTERM');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.on('exit', (code) => process.exit(code ?? 0));
}
