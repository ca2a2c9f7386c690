import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CliIo } from '../../../cli/io';
import { run } from '../../../cli/run';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { cwd, env: {}, stdout: { write: (t) => void out.push(t), isTTY: false }, stderr: { write: (t) => void err.push(t), isTTY: false } };
  return { io: value, out, err };
}

const LOCK = 'cluster etcd { replicas 3; consensus raft }\nlock l { backend etcd; lease 10s; protects s }\nstore s { replicas 3; consistency linearizable }\n';

describe('check: severities and limits from flags', () => {
  it('--rule turns a rule off or changes its severity, over faultline.json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-flags-'));
    try {
      writeFileSync(join(dir, 'a.arch'), LOCK);
      writeFileSync(join(dir, 'faultline.json'), JSON.stringify({ rules: { 'lock/no-fencing': 'error' } }));
      const before = io(dir);
      assert.equal(await run(['check', 'a.arch', '--format', 'json'], before.io), 1);
      assert.ok(JSON.parse(before.out.join('')).files[0].diagnostics.some((d: { rule: string }) => d.rule === 'lock/no-fencing'));
      const warned = io(dir);
      assert.equal(await run(['check', 'a.arch', '--format', 'json', '--rule', 'lock/no-fencing=warning'], warned.io), 0);
      const d = JSON.parse(warned.out.join('')).files[0].diagnostics.find((x: { rule: string }) => x.rule === 'lock/no-fencing');
      assert.equal(d.severity, 'warning');
      const off = io(dir);
      await run(['check', 'a.arch', '--format', 'json', '--rule', 'lock/no-fencing=off'], off.io);
      assert.ok(!JSON.parse(off.out.join('')).files[0].diagnostics.some((x: { rule: string }) => x.rule === 'lock/no-fencing'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a misspelt rule id or a bad limit is a usage error (exit 2, one line)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-flags-'));
    try {
      writeFileSync(join(dir, 'a.arch'), LOCK);
      const bad = io(dir);
      assert.equal(await run(['check', 'a.arch', '--rule', 'lock/no-fenceing=off'], bad.io), 2);
      assert.match(bad.err.join(''), /unknown rule.*lock\/no-fencing/);
      const limit = io(dir);
      assert.equal(await run(['check', 'a.arch', '--amplification-limit', '1'], limit.io), 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--amplification-limit changes when retry/amplification fires', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-flags-'));
    try {
      const call = (t: string) => `call ${t}.get { timeout 1s; retry 3; backoff exponential 10ms..20ms; jitter full }`;
      writeFileSync(
        join(dir, 'b.arch'),
        `gateway edge { routes a; rate-limit 10 }\nservice a { ${call('b')} }\nservice b { operation get { idempotent }; ${call('c')} }\nservice c { operation get { idempotent } }\n`,
      );
      const fires = (argv: string[]) => {
        const r = io(dir);
        return run(['check', 'b.arch', '--format', 'json', ...argv], r.io).then(() => JSON.parse(r.out.join('')).files[0].diagnostics.some((d: { rule: string }) => d.rule === 'retry/amplification'));
      };
      assert.equal(await fires([]), true, '4 × 4 = 16 > 10');
      assert.equal(await fires(['--amplification-limit', '20']), false, '16 ≤ 20');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
