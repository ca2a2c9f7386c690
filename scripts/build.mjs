// Bundles the CLI (scripts/build-cli.mjs), the language server, the VS Code client and the webview with esbuild.
// Type-checking is separate (`npm run typecheck`): esbuild only strips types.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { buildCli } from './build-cli.mjs';

const watch = process.argv.includes('--watch');
const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // The bundles are CommonJS (VS Code loads extensions with require); some ESM dependencies read import.meta.url.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const targets = [
  { ...node, entryPoints: ['extension/server/main.ts'], outfile: 'dist/server.cjs' },
  // The seed worker of `faultline simulate` and of the language server (sim-workers/pool.ts starts it on threads).
  { ...node, entryPoints: ['sim-workers/worker-main.ts'], outfile: 'dist/sim-worker.cjs', minify: true },
  { ...node, entryPoints: ['extension/client/extension.ts'], outfile: 'dist/extension.cjs', external: ['vscode'] },
];
if (existsSync('test/integration/suite/index.ts')) {
  targets.push({ ...node, entryPoints: ['test/integration/suite/index.ts'], outfile: 'dist/test/suite/index.cjs', external: ['vscode', 'mocha'] });
  targets.push({ ...node, entryPoints: ['test/integration/vsix-suite/index.ts'], outfile: 'dist/test/vsix-suite/index.cjs', external: ['vscode'] });
}

await Promise.all([buildCli(), ...targets.filter((t) => existsSync(t.entryPoints[0])).map((t) => build(t))]);
if (existsSync('scripts/build-webview.mjs')) {
  const { buildWebview } = await import('./build-webview.mjs');
  await buildWebview({ minify: true });
}
if (watch) console.log('faultline: built (watch mode is not supported; rerun npm run build)');
