import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/*
 * The fuzz suite's hang detector (watchdog.ts) works: a budgeted case that never returns is killed, and its input
 * is printed, instead of stalling `npm test`.
 */

describe('the fuzz watchdog', () => {
  it('kills a case that never returns, and prints its input (within 20 s)', async () => {
    const r = await new Promise<{ signal: string | null; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', import.meta.resolve('tsx'), join(import.meta.dirname, 'hang-fixture.ts')],
        { env: { ...process.env, FAULTLINE_FUZZ_HANG_MS: '500' }, timeout: 20_000, encoding: 'utf8' },
        (error, _stdout, stderr) => resolve({ signal: error?.signal ?? null, stderr }),
      );
    });
    assert.equal(r.signal, 'SIGKILL');
    assert.match(r.stderr, /fuzz watchdog: a case ran for more than 500 ms and was killed\. Its input:\n"\[a case that spins\] service spins \{ replicas 3 \}"/);
  });
});
