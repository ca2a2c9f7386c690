import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { generateArch, generateEntryChain } from '../../bench/generate';
import { MAX_FINDINGS_PER_FILE } from '../../analyzers/limits';
import { describeRun, runCli, tempDir, type Measured } from './child';
import { LONG } from './kit';

/*
 * Large designs through `faultline check --format json` in a child process, as a user runs it: findings within a
 * wall-time budget and a peak-memory bound, both in the test's name. The bounds are hang and blow-up detectors,
 * several times what the machine shows today (figures from one run on the project's 2-core machine, from source
 * through tsx, which adds about 150 MB and half a second). Issue 13's memory goal (≤ 0.5 GB for 100,000 elements
 * and for 10 MB) is not met yet: those are `todo` tests with the figure in their failure. The 100,000-element file
 * (about 20 s and 1.7 GB) and the 3 MB entry chain run only under `npm run fuzz` (FAULTLINE_FUZZ_LONG); `npm test`
 * has the 10,000-element file (2.5 MB) for them.
 */

interface Case {
  name: string;
  text: () => string;
  budgetMs: number;
  maxRssMb: number;
  long?: boolean;
}

const CASES: Case[] = [
  // Today: 1.2 s, 240 MB.
  { name: '1 MB design (4,500 elements)', text: () => generateArch(4_500), budgetMs: 15_000, maxRssMb: 800 },
  // Today: 1.9 s, 470 MB. Every service an entry point, so reachability runs from each.
  { name: '3 MB chain of 13,000 services, each an entry point', text: () => generateEntryChain(3_000_000), budgetMs: 20_000, maxRssMb: 1_200, long: true },
  // Today: 1.6 s, 370 MB.
  { name: '10,000 elements (2.5 MB)', text: () => generateArch(10_000), budgetMs: 20_000, maxRssMb: 1_200 },
  // Today: 12 s on a loaded machine, 0.8 GB (1.07 GB before the check parsed in pieces and capped findings as found).
  { name: '10 MB file', text: () => generateEntryChain(10_000_000), budgetMs: 40_000, maxRssMb: 2_500 },
  // Today: 20 s on a loaded machine, 1.67 GB (2.45 GB before).
  { name: '100,000 elements (25 MB)', text: () => generateArch(100_000), budgetMs: 120_000, maxRssMb: 4_000, long: true },
];

/** Issue 13: "peak memory, 100,000 elements / 10 MB file … ≤ 0.5 GB". */
const GOAL_RSS_MB = 512;

const dir = tempDir();
const runs = new Map<string, Promise<Measured>>();
const fileOf = (c: Case) => `${c.name.replace(/[^a-z0-9]+/gi, '-')}.arch`;

/** Each file's run, started once (one at a time, so that no run's figures include another's). */
function start(c: Case): Promise<Measured> {
  let run = runs.get(c.name);
  if (!run) {
    writeFileSync(join(dir, fileOf(c)), c.text());
    // Killed at four times the budget: a hang fails here instead of stalling the suite.
    run = runCli(['check', fileOf(c), '--format', 'json'], { cwd: dir, timeoutMs: 4 * c.budgetMs });
    runs.set(c.name, run);
  }
  return run;
}

function summaryOf(r: Measured): { diagnostics: number } {
  const report = JSON.parse(r.stdout) as { files: { diagnostics: unknown[] }[] };
  assert.equal(report.files.length, 1);
  return { diagnostics: report.files[0]!.diagnostics.length };
}

describe('pathological: large files through `faultline check`', () => {
  const active = CASES.filter((c) => !c.long || LONG);
  before(async () => {
    for (const c of active) await start(c);
  });
  for (const c of CASES) {
    const skip = c.long && !LONG ? 'long: runs under `npm run fuzz`' : false;
    describe(c.name, { skip }, () => {
      it(`reports findings within ${c.budgetMs / 1000} s and ${c.maxRssMb} MB`, async () => {
        const r = await start(c);
        assert.ok(r.code === 0 || r.code === 1, describeRun(r));
        const { diagnostics } = summaryOf(r);
        assert.ok(diagnostics <= MAX_FINDINGS_PER_FILE + 201, `${diagnostics} diagnostics: the report is capped`);
        assert.ok(r.ms <= c.budgetMs, describeRun(r));
        assert.ok(r.rssMb <= c.maxRssMb, describeRun(r));
      });

      if (c.name.startsWith('10 MB') || c.name.startsWith('100,000')) {
        it(`peaks at most ${GOAL_RSS_MB} MB (issue 13's goal)`, { todo: 'issue 13: peak memory ≤ 0.5 GB is the goal, not met yet (10 MB: about 0.8 GB, 100,000 elements: about 1.7 GB)' }, async () => {
          const r = await start(c);
          assert.ok(r.rssMb <= GOAL_RSS_MB, describeRun(r));
        });
      }
    });
  }
});
