import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkText } from '../../../analyzers/check';
import { MAX_FINDINGS_PER_RULE } from '../../../analyzers/limits';
import { MAX_FIX_PASSES } from '../../../cli/fix';
import { memoryIo } from '../../../cli/io';
import { run } from '../../../cli/run';
import { tempDir } from './helpers';

describe('check --fix and the output limits', () => {
  it('fixes every fixable finding, also past the per-rule limit', async () => {
    // More locks without a lease than MAX_FIX_PASSES passes of capped findings could fix: `lock/no-lease` is
    // fixable, one finding per lock.
    const n = MAX_FINDINGS_PER_RULE * MAX_FIX_PASSES + 50;
    const text = `cluster coord {\n  replicas 3\n  consensus raft\n}\n${Array.from({ length: n }, (_, i) => `lock l${i} { backend coord; fencing }`).join('\n')}\n`;
    const before = checkText(text, { cap: false }).diagnostics.filter((d) => d.rule === 'lock/no-lease');
    assert.equal(before.length, n, 'one finding per lock');
    assert.ok(before.every((d) => d.fixes?.length), 'each is fixable');
    const dir = tempDir();
    writeFileSync(join(dir, 'locks.arch'), text);
    const io = memoryIo(dir);
    await run(['check', '--fix', 'locks.arch'], io);
    assert.match(io.err(), new RegExp(`fixed ${n} problems in 1 file`));
    const after = checkText(readFileSync(join(dir, 'locks.arch'), 'utf8'), { cap: false }).diagnostics;
    assert.deepEqual(after.filter((d) => d.rule === 'lock/no-lease'), []);
  });
});
