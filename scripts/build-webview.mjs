// Bundles the webviews for the browser: the diagram, webview/main.ts → dist/webview/main.js (iife, elkjs included,
// for when no worker can start) and its layout worker webview/layout-worker.ts → dist/webview/layout-worker.js,
// webview/styles.css → dist/webview/styles.css; and the timeline (issue 11), webview/timeline.ts →
// dist/webview/timeline.js, webview/timeline.css → dist/webview/timeline.css. `scripts/build.mjs` calls
// `buildWebview()`; the browser tests do too. Run directly: `node scripts/build-webview.mjs [--minify]`.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** @param {{ outdir?: string, minify?: boolean }} [options] */
export async function buildWebview(options = {}) {
  const outdir = options.outdir ?? path.join(root, 'dist', 'webview');
  await mkdir(outdir, { recursive: true });
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
    sourcemap: true,
    minify: options.minify ?? false,
    logLevel: 'warning',
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [path.join(root, 'webview', 'main.ts')],
      outfile: path.join(outdir, 'main.js'),
      // elk.bundled.js mentions the optional `web-worker` package for Node; the browser build never loads it.
      external: ['web-worker'],
    }),
    // The diagram's layout worker (webview/layout-worker.ts): elkjs off the page's thread.
    build({ ...common, entryPoints: [path.join(root, 'webview', 'layout-worker.ts')], outfile: path.join(outdir, 'layout-worker.js'), external: ['web-worker'] }),
    // Its own bundle: the timeline needs no elkjs, so it stays small and loads at once.
    build({ ...common, entryPoints: [path.join(root, 'webview', 'timeline.ts')], outfile: path.join(outdir, 'timeline.js') }),
    copyFile(path.join(root, 'webview', 'styles.css'), path.join(outdir, 'styles.css')),
    copyFile(path.join(root, 'webview', 'timeline.css'), path.join(outdir, 'timeline.css')),
  ]);
  return { outdir };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildWebview({ minify: process.argv.includes('--minify') });
}
