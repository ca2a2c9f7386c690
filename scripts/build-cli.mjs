// Bundles the CLI: cli/main.ts → dist/cli/ (ESM, minified, with sourcemaps, split at every `import()`) and
// dist/cli.cjs, the `faultline` executable (package.json `bin`): a launcher that imports dist/cli/main.mjs.
// Split so that each command loads only its own code: `--version` and `rules` never load the parser, `check`
// never loads elkjs, the simulator or the language server (cli/run.ts imports every command with `import()`).
// `scripts/build.mjs` calls `buildCli()`; so do the benches, into dist/bench.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

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
const CJS_BUNDLES = [{ module: 'elkjs/lib/elk.bundled.js', file: 'elk.cjs', codeCache: true }];

/*
 * elk.cjs with a V8 code cache (issue 13): compiling its 1.5 MB, and then each function ELK runs, is a good part
 * of a small diagram's time. The build lays out two designs with the CLI it has just built (produceCodeCache) and
 * keeps what V8 compiled for elk.cjs in `elk.cjs.<hash of elk.cjs>.<V8 version>.v8cache` beside it; the loader
 * hands it to V8, which uses it only when its version and flags match those that made it (else it compiles as
 * without it). The name carries the hash of the source, so a cache never meets another elk.cjs, and the V8
 * version, so a Node upgrade looks for (and the next build makes) its own. No cache file: plain require().
 */
const CODE_CACHE_ENV = 'FAULTLINE_ELK_CODE_CACHE_OUT';
const cacheName = (file, hash, v8 = process.versions.v8) => `${file}.${hash}.${v8}.v8cache`;

function apartLoader(file, hash) {
  const plain = `module.exports = require(${JSON.stringify(`./${file}`)});`;
  if (!hash) return plain;
  return `const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');
const { wrap } = require('node:module');
function load() {
  const file = join(__dirname, ${JSON.stringify(file)});
  const out = process.env.${CODE_CACHE_ENV};
  let cachedData;
  try {
    cachedData = readFileSync(join(__dirname, ${JSON.stringify(`${file}.${hash}.`)} + process.versions.v8 + '.v8cache'));
  } catch {}
  if (!cachedData && !out) return require(${JSON.stringify(`./${file}`)});
  const script = new Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, __dirname);
  if (out) {
    process.once('exit', () => {
      const temp = out + '.' + process.pid + '.tmp';
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, out);
    });
  }
  return mod.exports;
}
module.exports = load();`;
}

/** Turns each import of a CJS_BUNDLES module into a load of `./<file>` beside the chunk at run time (hashes: file → hash of its contents, for those with a code cache). */
const requireApart = (hashes) => ({
  name: 'faultline-require-apart',
  setup(build) {
    for (const { module, file } of CJS_BUNDLES) {
      const filter = new RegExp(`^${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      build.onResolve({ filter }, () => ({ path: file, namespace: 'faultline-require-apart' }));
    }
    build.onLoad({ filter: /.*/, namespace: 'faultline-require-apart' }, (args) => ({ contents: apartLoader(args.path, hashes.get(args.path)), loader: 'js' }));
    build.onResolve({ filter: /^\.\/[\w-]+\.cjs$/, namespace: 'faultline-require-apart' }, (args) => ({ path: args.path, external: true }));
  },
});

/** A design of `services` services (calls in a binary tree, a store each) in one region: what the cache run lays out. */
function warmUpDesign(services) {
  const out = ['region r { zones a, b, c }', ''];
  for (let i = 0; i < services; i++) {
    out.push(`service s${i} {`, '  replicas 3', '  zones a, b, c');
    for (const t of [2 * i + 1, 2 * i + 2]) if (t < services) out.push(`  call s${t} { timeout 800ms; retry 1 }`);
    out.push(`  writes d${i}`, '}', `store d${i} { replicas 3; zones a, b, c }`, '');
  }
  return out.join('\n');
}

/**
 * Runs the built CLI's `diagram` on a large design (the fast settings) and then a small one (ELK's own edge labels,
 * network-simplex placement), each leaving the code cache it compiled (the second starts from the first's). A
 * failure costs only the cache: the CLI works without it.
 */
async function produceCodeCache(outdir, target) {
  const dir = await mkdtemp(path.join(tmpdir(), 'faultline-elk-cache-'));
  try {
    for (const services of [60, 8]) {
      const arch = path.join(dir, `warm-${services}.arch`);
      await writeFile(arch, warmUpDesign(services));
      await promisify(execFile)(process.execPath, [path.join(outdir, 'cli.cjs'), 'diagram', arch, '--out', path.join(dir, 'out.svg')], { env: { ...process.env, [CODE_CACHE_ENV]: target }, timeout: 120_000 });
    }
  } catch (error) {
    await rm(target, { force: true });
    console.warn(`build-cli: no V8 code cache for elk.cjs (${String(error?.message ?? error).split('\n')[0]})`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

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

/** @param {{ outdir?: string, minify?: boolean, metafile?: boolean, codeCache?: boolean }} [options] */
export async function buildCli(options = {}) {
  const outdir = options.outdir ?? path.join(root, 'dist');
  const chunks = path.join(outdir, 'cli');
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
  /** file → hash of its contents, for the CJS bundles with a code cache. */
  const hashes = new Map();
  CJS_BUNDLES.forEach(({ file, codeCache }, i) => {
    const js = apart[i].outputFiles.find((f) => path.basename(f.path) === file);
    if (codeCache && js) hashes.set(file, createHash('sha256').update(js.contents).digest('hex').slice(0, 16));
  });
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
    plugins: [requireApart(hashes)],
    write: false,
  });
  // Others run `faultline` while this builds (tests, editors): the chunks, whose names carry a content hash, are
  // written first, then the entry that imports them, then the launcher; the last build's chunks go only then.
  await mkdir(chunks, { recursive: true });
  const entry = path.join(chunks, 'main.mjs');
  const files = [...apart.flatMap((r) => r.outputFiles), ...result.outputFiles].sort((a, b) => Number(a.path === entry) - Number(b.path === entry));
  for (const file of files) await writeAtomic(file.path, file.contents);
  await writeAtomic(path.join(outdir, 'cli.cjs'), LAUNCHER);
  const written = new Set(files.map((f) => path.basename(f.path)));
  const caches = [...hashes].map(([file, hash]) => cacheName(file, hash));
  for (const name of caches) written.add(name);
  const present = new Set(await readdir(chunks));
  for (const name of present) if (!written.has(name) && !name.endsWith('.tmp')) await rm(path.join(chunks, name), { force: true });
  // The single-file bundle of earlier builds left its sourcemap beside the launcher.
  await rm(path.join(outdir, 'cli.cjs.map'), { force: true });
  // One cache per elk.cjs and V8 version: kept from an earlier build of the same, else made now.
  for (const name of caches) if (!present.has(name) && options.codeCache !== false) await produceCodeCache(outdir, path.join(chunks, name));
  return result;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli({ minify: !process.argv.includes('--no-minify') });
}
