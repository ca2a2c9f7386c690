// Bundles the CLI: cli/main.ts → dist/cli/ (ESM, minified, with sourcemaps, split at every `import()`) and
// dist/cli.cjs, the `faultline` executable (package.json `bin`): a launcher that imports dist/cli/main.mjs.
// Split so that each command loads only its own code: `--version` and `rules` never load the parser, `check`
// never loads elkjs, the simulator or the language server (cli/run.ts imports every command with `import()`).
// `scripts/build.mjs` calls `buildCli()`; so do the benches, into dist/bench.
import { build } from 'esbuild';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/*
 * Every chunk starts with what its CommonJS dependencies (commander, fast-glob, vscode-languageserver) and our
 * code expect of a CommonJS bundle: `require` (esbuild calls it for Node built-ins inside CommonJS modules),
 * `__filename`/`__dirname`, and `importMetaUrl`, which every `import.meta.url` becomes (define below). It is
 * the launcher's URL, dist/cli.cjs, for every chunk: sim-workers/pool.ts looks for dist/sim-worker.cjs beside
 * the `.cjs` bundle it runs in, as it did when the CLI was one file. The names are unusual so they meet no
 * import of a chunk.
 */
const BANNER = [
  "import { createRequire as __faultlineCreateRequire } from 'node:module';",
  "import { fileURLToPath as __faultlineFileURLToPath } from 'node:url';",
  'const require = __faultlineCreateRequire(import.meta.url);',
  'const __filename = __faultlineFileURLToPath(import.meta.url);',
  "const __dirname = __faultlineFileURLToPath(new URL('.', import.meta.url)).replace(/[\\\\/]$/, '');",
  "const importMetaUrl = new URL('../cli.cjs', import.meta.url).href;",
].join('\n');

/*
 * Dependencies bundled apart, as CommonJS files in dist/cli/ that the chunk using them `require`s. elkjs (1.5 MB of
 * generated code) takes three times as long to load as an ES module as it does through require() on Node 20
 * (about 95 ms against 35 ms on the bench machine): `faultline diagram` and `faultline lsp` load it this way.
 */
const CJS_BUNDLES = [{ module: 'elkjs/lib/elk.bundled.js', file: 'elk.cjs' }];

/** Turns each import of a CJS_BUNDLES module into `require('./<file>')`, resolved beside the chunk at run time. */
const requireApart = {
  name: 'faultline-require-apart',
  setup(build) {
    for (const { module, file } of CJS_BUNDLES) {
      const filter = new RegExp(`^${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      build.onResolve({ filter }, () => ({ path: file, namespace: 'faultline-require-apart' }));
    }
    build.onLoad({ filter: /.*/, namespace: 'faultline-require-apart' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(`./${args.path}`)});`, loader: 'js' }));
    build.onResolve({ filter: /^\.\/[\w-]+\.cjs$/, namespace: 'faultline-require-apart' }, (args) => ({ path: args.path, external: true }));
  },
};

// CommonJS, so `node dist/cli.cjs` and the bin link work on every Node ≥ 20; one line and exit 2 if the
// chunks are missing (SPEC §3: never a stack trace).
const LAUNCHER = `#!/usr/bin/env node
'use strict';
// The faultline CLI, built by scripts/build-cli.mjs: the code is in ./cli/, split by command.
import('./cli/main.mjs').catch((error) => {
  process.stderr.write('faultline: internal error: ' + String((error && error.message) || error).split('\\n')[0] + '\\n');
  process.exit(2);
});
`;

/** Replaces a file in one step: a `faultline` started at that moment reads the old file or the new, never half of one. */
async function writeAtomic(file, contents) {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, contents);
  await rename(temp, file);
}

/** @param {{ outdir?: string, minify?: boolean, metafile?: boolean }} [options] */
export async function buildCli(options = {}) {
  const outdir = options.outdir ?? path.join(root, 'dist');
  const chunks = path.join(outdir, 'cli');
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: path.join(root, 'cli', 'main.ts') },
    outdir: chunks,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: options.minify ?? true,
    sourcemap: true,
    logLevel: 'warning',
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: BANNER },
    metafile: options.metafile ?? false,
    plugins: [requireApart],
    write: false,
  });
  const apart = await Promise.all(
    CJS_BUNDLES.map(({ module, file }) =>
      build({
        absWorkingDir: root,
        entryPoints: [module],
        outfile: path.join(chunks, file),
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        minify: options.minify ?? true,
        sourcemap: true,
        logLevel: 'warning',
        write: false,
      }),
    ),
  );
  // Others run `faultline` while this builds (tests, editors): the chunks, whose names carry a content hash, are
  // written first, then the entry that imports them, then the launcher; the last build's chunks go only then.
  await mkdir(chunks, { recursive: true });
  const entry = path.join(chunks, 'main.mjs');
  const files = [...apart.flatMap((r) => r.outputFiles), ...result.outputFiles].sort((a, b) => Number(a.path === entry) - Number(b.path === entry));
  for (const file of files) await writeAtomic(file.path, file.contents);
  await writeAtomic(path.join(outdir, 'cli.cjs'), LAUNCHER);
  const written = new Set(files.map((f) => path.basename(f.path)));
  for (const name of await readdir(chunks)) if (!written.has(name) && !name.endsWith('.tmp')) await rm(path.join(chunks, name), { force: true });
  // The single-file bundle of earlier builds left its sourcemap beside the launcher.
  await rm(path.join(outdir, 'cli.cjs.map'), { force: true });
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli({ minify: !process.argv.includes('--no-minify') });
}
