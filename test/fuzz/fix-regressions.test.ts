import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from '../../analyzers/check';
import { applyEdits } from '../../language/edits';

/*
 * What test/fuzz/fix.test.ts found, shrunk: fixes that added a property the element already had with a value the
 * model rejected (`ttl 0ms`, `fencing 3`, `jitter bogus`). The rule saw the property as missing; the fix added a
 * second line, which is a `duplicate` and leaves the first one (and the finding) in force. Now the fix rewrites
 * the rejected line (analyzers/analysis/block-edits.ts `insertProperty`, and the rules that build lines themselves).
 * The rule test tables (analyzers/rules/**) cannot hold these: their snippets must be free of schema errors.
 */

const check = (text: string) => checkText(text, { cap: false }).diagnostics;

interface Case {
  rule: string;
  code: string;
  /** The text after the first fix of the rule's first finding. */
  output: string;
}

const CASES: Case[] = [
  { rule: 'cache/no-invalidation', code: 'cache c { ttl 0ms }\n', output: 'cache c { ttl 5m }\n' },
  {
    rule: 'election/no-fencing',
    code: 'store s { replicas 3; replication leader-follower; failover automatic; fencing 3 }\n',
    output: 'store s { replicas 3; replication leader-follower; failover automatic; fencing }\n',
  },
  {
    rule: 'lock/no-fencing',
    code: 'cluster e { replicas 3 }\nstore s { replicas 3 }\nservice a { replicas 3 }\nlock l { lease 10s; fencing 3; backend e; protects s; holders a }\n',
    output: 'cluster e { replicas 3 }\nstore s { replicas 3 }\nservice a { replicas 3 }\nlock l { lease 10s; fencing; backend e; protects s; holders a }\n',
  },
  { rule: 'retry/no-timeout', code: 'service a { replicas 3; call b { timeout 0ms } }\nservice b { replicas 3 }\n', output: 'service a { replicas 3; call b { timeout 1s } }\nservice b { replicas 3 }\n' },
  {
    rule: 'retry/no-backoff',
    code: 'service a { replicas 3; call b { timeout 1s; retry 2; jitter bogus } }\nservice b { replicas 3 }\n',
    output: 'service a { replicas 3; call b { backoff exponential 100ms..2s; timeout 1s; retry 2; jitter full } }\nservice b { replicas 3 }\n',
  },
  {
    rule: 'idempotency/consumer',
    code: 'service a { replicas 3; consumes q { idempotent 3 } }\nqueue q { replicas 3; delivery at-least-once }\n',
    output: 'service a { replicas 3; consumes q { idempotent } }\nqueue q { replicas 3; delivery at-least-once }\n',
  },
  {
    rule: 'dual-write/no-outbox',
    code: 'service a { replicas 3; writes s; publishes q { outbox 3 } }\nqueue q { replicas 3 }\nstore s { replicas 3 }\n',
    output: 'service a { replicas 3; writes s; publishes q { outbox } }\nqueue q { replicas 3 }\nstore s { replicas 3 }\n',
  },
];

const chain = (observability: string) =>
  `service a { replicas 3; ${observability}; call b { timeout 1s } }\nservice b { replicas 3; observability tracing; call c { timeout 1s } }\n` +
  `service c { replicas 3; observability tracing; call d { timeout 1s } }\nservice d { replicas 3; observability tracing }\n`;
CASES.push(
  { rule: 'observability/no-tracing', code: chain('observability bogus, logs'), output: chain('observability logs, tracing') },
  { rule: 'observability/no-tracing', code: chain('observability tracing tracing, metrics'), output: chain('observability metrics, tracing') },
);

describe('fixes rewrite a property the model rejected instead of adding a duplicate', () => {
  for (const c of CASES) {
    it(`${c.rule}: ${c.code.split('\n').find((l) => l.includes('0ms') || l.includes('3 }') || l.includes('bogus') || l.includes('tracing tracing')) ?? c.code.split('\n')[0]}`, () => {
      const finding = check(c.code).find((d) => d.rule === c.rule);
      assert.ok(finding?.fixes?.[0], `a fixable ${c.rule} finding`);
      const fixed = applyEdits(c.code, finding.fixes[0].edits).text;
      assert.equal(fixed, c.output);
      const after = check(fixed);
      assert.deepEqual(after.filter((d) => d.rule === c.rule || d.rule === 'duplicate').map((d) => d.message), [], 'the finding is gone, and no duplicate was added');
    });
  }

  it('election/no-randomization offers no fix that cannot randomize: `0ms` doubles to itself, a huge value to text that is no duration', () => {
    for (const timeout of ['0ms', `1${'0'.repeat(30)}ms`]) {
      const code = `cluster e { replicas 3; consensus raft; election-timeout ${timeout} }\n`;
      const finding = check(code).find((d) => d.rule === 'election/no-randomization');
      assert.ok(finding, `${timeout}: still reported`);
      assert.equal(finding.fixes, undefined, `${timeout}: no fix`);
    }
  });

  it('spof/single-replica does not add `zones` next to a `zones` line the model rejected', () => {
    // Without the `zones` line the fix would also spread the replicas (`zones a, b, c`): see the last case.
    const code = 'region r { zones a, b, c }\nservice s { zones 3 }\n';
    const finding = check(code).find((d) => d.rule === 'spof/single-replica');
    assert.ok(finding?.fixes?.[0]);
    const fixed = applyEdits(code, finding.fixes[0].edits).text;
    assert.equal(fixed, 'region r { zones a, b, c }\nservice s { zones 3; replicas 3 }\n');
    assert.deepEqual(check(fixed).filter((d) => d.rule === 'duplicate').map((d) => d.message), []);
    const unplaced = 'region r { zones a, b, c }\nservice s\n';
    const spread = check(unplaced).find((d) => d.rule === 'spof/single-replica')!;
    assert.equal(applyEdits(unplaced, spread.fixes![0]!.edits).text, 'region r { zones a, b, c }\nservice s { replicas 3; zones a, b, c }\n');
  });
});
