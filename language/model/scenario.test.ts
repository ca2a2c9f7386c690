import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModelFromText } from './build';
import type { Scenario } from './types';

/*
 * Scenario statements read into typed faults and expectations (issue 9): every malformed line gets one
 * diagnostic on the narrowest range, and a well-formed one arrives typed.
 */

const SYSTEM = `region r { zones a, b, c }
region s { zones x }
store db { replicas 3; zones a, b, c; replication leader-follower; election raft }
service worker { replicas 2; zones a, b }
lock l { backend db; lease 10s; holders worker; protects db }
saga pay { step reserve { action worker }; step charge { action worker } }
`;

function scenario(body: string, target = 'db', head = '') {
  const text = `${SYSTEM}scenario sc {\n  target ${target}\n${head}  ${body}\n}\n`;
  const m = buildModelFromText(text);
  const line = SYSTEM.split('\n').length + (head ? head.split('\n').length - 1 : 0) + 1;
  const sc = m.elements.get('sc') as Scenario;
  const found = m.diagnostics.map((d) => ({ rule: d.rule, severity: d.severity, message: d.message, line: d.range.start.line, from: d.range.start.character, to: d.range.end.character }));
  return { sc, found, line, lineText: text.split('\n')[line]! };
}

/** The columns of `word` on the statement's line, to assert a diagnostic's range. */
function columns(lineText: string, word: string): { from: number; to: number } {
  const from = lineText.lastIndexOf(word);
  assert.ok(from >= 0, `\`${word}\` is on the line`);
  return { from, to: from + word.length };
}

describe('scenario faults read into typed values', () => {
  const valid: [line: string, expected: object, target?: string][] = [
    ['at 5s crash leader', { kind: 'crash', atMs: 5000, node: { kind: 'leader' } }],
    ['at 1500ms crash 2', { kind: 'crash', atMs: 1500, node: { kind: 'index', index: 2 } }],
    ['at 0 crash 0', { kind: 'crash', atMs: 0, node: { kind: 'index', index: 0 } }],
    ['at 5s crash zone b', { kind: 'lose-zone', zone: 'b' }],
    ['at 5s lose zone c', { kind: 'lose-zone', zone: 'c' }],
    ['at 5s restart', { kind: 'restart' }],
    ['at 5s restart leader', { kind: 'restart', node: { kind: 'leader' } }],
    ['at 5s restart 1', { kind: 'restart', node: { kind: 'index', index: 1 } }],
    ['at 20s partition a | b, c', { kind: 'partition', sides: [['a'], ['b', 'c']] }],
    ['at 20s partition a | b | c', { kind: 'partition', sides: [['a'], ['b'], ['c']] }],
    ['at 30s heal', { kind: 'heal' }],
    ['at 40s pause leader 12s', { kind: 'pause', node: { kind: 'leader' }, durationMs: 12000 }],
    ['at 40s pause 1 2s', { kind: 'pause', node: { kind: 'index', index: 1 }, durationMs: 2000 }],
    ['at 20s pause holder 30s', { kind: 'pause', node: { kind: 'holder' }, durationMs: 30000 }, 'l'],
    ['at 0s fail step charge', { kind: 'fail-step', step: 'charge' }, 'pay'],
    ['at 10s drop 5%', { kind: 'drop', percent: 5 }],
  ];
  for (const [line, expected, target] of valid) {
    it(line, () => {
      const { sc, found } = scenario(line, target);
      assert.deepEqual(found, []);
      assert.equal(sc.faults.length, 1);
      const fault = sc.faults[0]!;
      for (const [key, value] of Object.entries(expected)) {
        const actual = (fault as any)[key];
        if (key === 'node' && value.kind === 'index') assert.equal(actual.index, value.index);
        else assert.deepEqual(actual, value, key);
      }
      assert.equal(fault.statement.head, 'at');
    });
  }
});

describe('malformed scenario lines get one diagnostic on the narrowest range', () => {
  const invalid: [line: string, rule: string, message: RegExp, at: string, target?: string][] = [
    ['at banana explode', 'schema', /`banana` is not a time/, 'banana'],
    ['at 5s explode', 'schema', /unknown fault `explode`; expected one of: crash, restart/, 'explode'],
    ['at 5s crsh leader', 'schema', /unknown fault `crsh`; did you mean `crash`\?/, 'crsh'],
    ['at 5s', 'schema', /needs a fault/, '5s'],
    ['at 5s crash', 'schema', /`crash` takes `crash leader \| crash N \| crash zone Z`/, 'crash'],
    ['at 5s crash 7', 'reference', /node 7 does not exist: `db` has 3 members, numbered 0..2/, '7'],
    ['at 5s crash 1.5', 'schema', /not a node index/, '1.5'],
    ['at 5s lose zone q', 'reference', /zone `q` is not declared in any region/, 'q'],
    ['at 5s crash zone bb', 'reference', /zone `bb` is not declared in any region; did you mean `b`\?/, 'bb'],
    ['at 5s partition a | q', 'reference', /zone `q` is not declared/, 'q'],
    ['at 5s partition a, b', 'schema', /two or more sides/, 'a, b'],
    ['at 5s partition a | a', 'schema', /zone `a` is on two sides/, 'a'],
    ['at 5s pause leader', 'schema', /`pause` takes/, 'leader'],
    ['at 5s pause leader 0s', 'schema', /longer than 0/, '0s'],
    ['at 5s pause holder 2s', 'schema', /`holder` is a lock's holder; the target `db` is a store/, 'holder'],
    ['at 5s fail step charge', 'schema', /`fail step` needs a saga target; `db` is a store/, 'step charge'],
    ['at 5s fail step chrage', 'reference', /saga `pay` has no step `chrage`; did you mean `charge`\?/, 'chrage', 'pay'],
    ['at 5s drop 150%', 'schema', /between 0% and 100%/, '150%'],
    ['at 5s drop lots', 'schema', /`drop` takes `drop P%`/, 'lots'],
    ['at 5s heal now', 'schema', /`heal` takes `heal`/, 'now'],
    ['at 90s crash leader', 'schema', /`at 90s` is not before the default duration 60s/, '90s'],
  ];
  for (const [line, rule, message, at, target] of invalid) {
    it(line, () => {
      const { sc, found, line: lineNo, lineText } = scenario(line, target);
      assert.equal(found.length, 1, JSON.stringify(found));
      const d = found[0]!;
      assert.equal(d.rule, rule);
      assert.match(d.message, message);
      assert.equal(d.line, lineNo);
      const c = columns(lineText, at);
      assert.deepEqual({ from: d.from, to: d.to }, c, d.message);
      assert.equal(sc.faults.length, 0, 'a malformed fault is left out');
    });
  }

  it('a fault after a declared duration names the duration', () => {
    const { found } = scenario('at 40s heal', 'db', '  duration 30s\n');
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /not before the scenario's `duration 30s`/);
  });

  it('a zone that holds none of the target is a warning, and the fault is kept', () => {
    const { sc, found } = scenario('at 5s lose zone x');
    assert.deepEqual(found.map((d) => [d.rule, d.severity]), [['reference', 'warning']]);
    assert.match(found[0]!.message, /nothing of `db` is placed in zone `x` \(its zones: a, b, c\)/);
    assert.equal(sc.faults.length, 1);
  });
});

describe('scenario expectations', () => {
  const valid: [line: string, expected: object, target?: string][] = [
    ['expect no-split-brain', { kind: 'no-split-brain' }],
    ['expect leader-within 1s', { kind: 'leader-within', withinMs: 1000 }],
    ['expect no-lost-writes', { kind: 'no-lost-writes' }],
    ['expect mutual-exclusion', { kind: 'mutual-exclusion' }, 'l'],
    ['expect saga-atomic', { kind: 'saga-atomic' }, 'pay'],
    ['expect stale-reads below 1%', { kind: 'stale-reads-below', percent: 1 }],
  ];
  for (const [line, expected, target] of valid) {
    it(line, () => {
      const { sc, found } = scenario(line, target);
      assert.deepEqual(found, []);
      assert.equal(sc.expectations.length, 1);
      for (const [key, value] of Object.entries(expected)) assert.deepEqual((sc.expectations[0] as any)[key], value);
    });
  }

  const invalid: [line: string, severity: string, message: RegExp, at: string, target?: string][] = [
    ['expect no-split-brian', 'error', /unknown expectation `no-split-brian`; did you mean `no-split-brain`\?/, 'no-split-brian'],
    ['expect banana', 'error', /unknown expectation `banana`; expected one of: no-split-brain/, 'banana'],
    ['expect leader-within', 'error', /write `expect leader-within D`/, 'leader-within'],
    ['expect leader-within soon', 'error', /write `expect leader-within D`/, 'soon'],
    ['expect stale-reads 1%', 'error', /write `expect stale-reads below P%`/, '1%'],
    ['expect no-lost-writes please', 'error', /write `expect no-lost-writes`/, 'please'],
    ['expect saga-atomic', 'warning', /`saga-atomic` checks a saga; the target `db` is a store, so it would never be checked/, 'saga-atomic'],
  ];
  for (const [line, severity, message, at, target] of invalid) {
    it(line, () => {
      const { sc, found, lineText } = scenario(line, target);
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.equal(found[0]!.severity, severity);
      assert.match(found[0]!.message, message);
      assert.deepEqual({ from: found[0]!.from, to: found[0]!.to }, columns(lineText, at));
      assert.equal(sc.expectations.length, 0);
    });
  }
});
