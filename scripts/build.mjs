// Bundles the CLI (and, later, the extension, server and webview) with esbuild.
// Type-checking is separate (`npm run typecheck`), as esbuild only strips types.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
};

await build({
  ...common,
  entryPoints: ['cli/main.ts'],
  outfile: 'dist/cli.cjs',
  banner: { js: '#!/usr/bin/env node' },
});
