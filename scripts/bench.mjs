// Runs the benchmarks on bundled code, as users run it: tsx would add per-function wrappers (keepNames) that
// distort timings. `npm run bench` runs every bench/*.bench.ts; `npm run bench -- parse` runs the matching ones.
import { build } from 'esbuild';
import fg from 'fast-glob';
import { spawnSync } from 'node:child_process';
import { basename } from 'node:path';

const filter = process.argv[2];
const entries = (await fg('bench/*.bench.ts')).filter((f) => !filter || f.includes(filter)).sort();
for (const entry of entries) {
  const outfile = `dist/bench/${basename(entry, '.ts')}.mjs`;
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    packages: 'external',
  });
  const run = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
