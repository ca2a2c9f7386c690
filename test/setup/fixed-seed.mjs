// Loaded before every unit-test file (scripts/run-tests.mjs): property tests draw from one fixed seed, so
// `npm test` gives the same verdict on every run and a failure reproduces from its log. Set
// FAULTLINE_FUZZ_SEED to explore other inputs; a test that passes its own `seed` keeps it.
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FAULTLINE_FUZZ_SEED ?? 20261203) });
