// Bundles the diagram webview for the browser: webview/main.ts → dist/webview/main.js (iife, elkjs included),
// webview/styles.css → dist/webview/styles.css. `scripts/build.mjs` calls `buildWebview()`; the browser test does
// too. Run directly: `node scripts/build-webview.mjs [--minify]`.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @param {{ outdir?: string, minify?: boolean }} [options] */
export async function buildWebview(options = {}) {
  const outdir = options.outdir ?? path.join(root, 'dist', 'webview');
  await mkdir(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'webview', 'main.ts')],
    outfile: path.join(outdir, 'main.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    sourcemap: true,
    minify: options.minify ?? false,
    logLevel: 'warning',
    // elk.bundled.js mentions the optional `web-worker` package for Node; the browser build never loads it.
    external: ['web-worker'],
  });
  await copyFile(path.join(root, 'webview', 'styles.css'), path.join(outdir, 'styles.css'));
  return { outdir };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWebview({ minify: process.argv.includes('--minify') });
}
