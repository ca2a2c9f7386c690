import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capFindings, MAX_FINDINGS_PER_RULE, mergeDropped, PerRuleCap } from '../../../analyzers/limits';
import { parseConfig } from '../../../analyzers/config';
import { generateUnplacedSingles } from '../../../bench/generate';
import { checkDiagnostics, checkDiagnosticsCapped, sortDiagnostics } from '../../../cli/commands/check';
import type { Diagnostic, Severity } from '../../../language/diagnostic';
import { denseMesh } from './dense-mesh';

/*
 * Issue 13: `faultline check` caps each rule's findings while the rules report them (analyzers/limits.ts
 * `PerRuleCap`) instead of holding all of them and capping at the end. What it reports must be exactly what
 * capping every finding gives: the same findings in the same order, the same counts left out.
 */

function config(json: string) {
  const parsed = parseConfig(json, 'faultline.json');
  assert.ok(!('error' in parsed), JSON.stringify(parsed));
  return parsed.config;
}

describe('capping while the rules report = capping at the end', () => {
  const cases = [
    { name: 'dense mesh of 40 services', text: denseMesh(40), config: undefined },
    { name: '1,500 unplaced single replicas', text: generateUnplacedSingles(1_500), config: undefined },
    {
      name: 'dense mesh, severities and a rule turned off in the config, suppressions',
      text: denseMesh(30).replace(/\n(  call s2[0-9]\.op)/g, '\n  // faultline-disable-next-line retry/no-backoff\n$1'),
      config: config('{ "rules": { "retry/no-backoff": "error", "timeout/exceeds-caller": "off", "retry/unsafe-retry": "info" } }'),
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const all = checkDiagnostics(c.text, c.config);
      const whole = capFindings(all);
      const found = checkDiagnosticsCapped(c.text, c.config);
      const late = capFindings(found.diagnostics);
      assert.ok(whole.dropped.length > 0, 'the case drops findings (else it proves nothing)');
      assert.deepEqual(late.diagnostics, whole.diagnostics);
      assert.deepEqual(mergeDropped(found.dropped, late.dropped), whole.dropped);
    });
  }
});

describe('PerRuleCap', () => {
  const SEVERITIES: Severity[] = ['error', 'warning', 'info'];
  // A small deterministic generator: many ties (same line, same message), three rules, every severity.
  function findings(n: number, seed: number): Diagnostic[] {
    let x = seed;
    const next = (k: number) => {
      x = (x * 1103515245 + 12345) % 2147483648;
      return x % k;
    };
    return Array.from({ length: n }, (_, i) => {
      const line = next(40);
      return {
        rule: `r${next(3)}`,
        severity: SEVERITIES[next(3)]!,
        message: `m${next(4)}`,
        range: { start: { line, character: next(3) }, end: { line, character: 5 + next(2) } },
        // Told apart only by the order they came in.
        related: [{ message: String(i), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }],
      };
    });
  }

  it('keeps what capFindings keeps of the sorted list, for any arrival order', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const list = findings(3 * MAX_FINDINGS_PER_RULE + 7 * seed, seed);
      const sorted = sortDiagnostics(list);
      const whole = capFindings(sorted);
      const cap = new PerRuleCap((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
      for (const d of list) cap.add(d);
      const found = cap.finish();
      const late = capFindings(sortDiagnostics(found.diagnostics));
      assert.deepEqual(late.diagnostics, whole.diagnostics, `seed ${seed}`);
      assert.deepEqual(mergeDropped(found.dropped, late.dropped), whole.dropped, `seed ${seed}`);
    }
  });
});
