// `npm run fuzz`: the fuzz suite (test/fuzz/*.test.ts) with many more cases than `npm test` runs, from a random seed
// that is printed first, plus the pathological files too slow for every `npm test` (FAULTLINE_FUZZ_LONG).
//
//   npm run fuzz                                   20× the cases, a new seed
//   FAULTLINE_FUZZ_SEED=123 npm run fuzz            replay a seed
//   FAULTLINE_FUZZ_RUNS=100 npm run fuzz            100× the cases
//   npm run fuzz -- test/fuzz/format.test.ts        one file
//
// A failing property prints its counterexample and the seed and path that replay it; FAULTLINE_FUZZ_SEED with the
// same FAULTLINE_FUZZ_RUNS gives the same cases again (test/setup/fixed-seed.mjs reads the seed).
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const seed = process.env.FAULTLINE_FUZZ_SEED ?? String(randomInt(0, 2 ** 31 - 1));
const scale = process.env.FAULTLINE_FUZZ_RUNS ?? '20';
const files = process.argv.slice(2);
console.log(`fuzz: seed ${seed}, ${scale}× the cases of npm test (replay: FAULTLINE_FUZZ_SEED=${seed} FAULTLINE_FUZZ_RUNS=${scale} npm run fuzz)`);
const result = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...(files.length ? files : ['test/fuzz/**/*.test.ts'])], {
  stdio: 'inherit',
  env: { ...process.env, FAULTLINE_FUZZ_SEED: seed, FAULTLINE_FUZZ_RUNS: scale, FAULTLINE_FUZZ_LONG: process.env.FAULTLINE_FUZZ_LONG ?? '1' },
});
console.log(`fuzz: seed ${seed} ${result.status === 0 ? 'passed' : 'FAILED'}`);
process.exit(result.status ?? 1);
