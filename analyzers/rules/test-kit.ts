import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic, RelatedInformation, Severity } from '../../language/diagnostic';
import { applyEdits } from '../../language/edits';
import { buildModelFromText } from '../../language/model/build';
import type { FaultlineConfig } from '../config/schema';
import { runRules } from '../run-rules';
import type { Rule } from './types';

/*
 * Valid/invalid tables for one rule, in the manner of ESLint's RuleTester: each `valid` snippet must produce no
 * diagnostic of the rule, each `invalid` one exactly the listed diagnostics (1-based line/column, as people read
 * them; end positions exclusive). Snippets must be free of syntax/schema/reference errors, so a typo in a test
 * cannot make a rule look silent. `output` asserts the text after applying every first fix, and that the fixed
 * text no longer triggers the rule.
 */

export interface ExpectedDiagnostic {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** A substring or a pattern the message must match. */
  message?: string | RegExp;
  severity?: Severity;
  /**
   * The diagnostic's related locations, in order (1-based line/column of each range's start, like the
   * diagnostic's own); each `message` is a substring or a pattern. Asserted only when given.
   */
  related?: ExpectedRelated[];
}

export interface ExpectedRelated {
  line: number;
  column: number;
  message?: string | RegExp;
}

export interface InvalidCase {
  name?: string;
  code: string;
  errors: ExpectedDiagnostic[];
  output?: string;
  config?: FaultlineConfig;
}

export interface ValidCase {
  name?: string;
  code: string;
  config?: FaultlineConfig;
}

export function lint(rule: Rule, code: string, config: FaultlineConfig = {}): Diagnostic[] {
  const model = buildModelFromText(code);
  const coreErrors = model.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(
    coreErrors.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.rule}: ${d.message}`),
    [],
    'the snippet itself must be valid (no syntax, schema, reference or duplicate errors)',
  );
  return runRules(model, [rule], config).filter((d) => d.rule === rule.id || d.rule === 'internal');
}

function describeDiagnostic(d: Diagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${d.message}`;
}

function describeRelated(r: RelatedInformation): string {
  return `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`;
}

function assertRelated(got: Diagnostic, want: ExpectedRelated[]): void {
  const related = got.related ?? [];
  const list = related.map(describeRelated).join('\n') || '(none)';
  assert.equal(related.length, want.length, `expected ${want.length} related location(s) of ${describeDiagnostic(got)}, got:\n${list}`);
  want.forEach((w, k) => {
    const r = related[k]!;
    assert.equal(r.range.start.line + 1, w.line, `line of related #${k + 1} ${describeRelated(r)}`);
    assert.equal(r.range.start.character + 1, w.column, `column of related #${k + 1} ${describeRelated(r)}`);
    if (typeof w.message === 'string') assert.ok(r.message.includes(w.message), `related message "${r.message}" should include "${w.message}"`);
    else if (w.message) assert.match(r.message, w.message);
  });
}

export function ruleTester(rule: Rule, cases: { valid: (string | ValidCase)[]; invalid: InvalidCase[] }): void {
  describe(rule.id, () => {
    cases.valid.forEach((c, i) => {
      const vc = typeof c === 'string' ? { code: c } : c;
      it(`valid #${i + 1}${vc.name ? `: ${vc.name}` : ''}`, () => {
        const found = lint(rule, vc.code, vc.config);
        assert.deepEqual(found.map(describeDiagnostic), []);
      });
    });
    cases.invalid.forEach((c, i) => {
      it(`invalid #${i + 1}${c.name ? `: ${c.name}` : ''}`, () => {
        const found = lint(rule, c.code, c.config);
        assert.equal(found.length, c.errors.length, `expected ${c.errors.length} diagnostic(s), got:\n${found.map(describeDiagnostic).join('\n')}`);
        c.errors.forEach((want, k) => {
          const got = found[k]!;
          assert.equal(got.rule, rule.id, describeDiagnostic(got));
          assert.equal(got.range.start.line + 1, want.line, `line of ${describeDiagnostic(got)}`);
          assert.equal(got.range.start.character + 1, want.column, `column of ${describeDiagnostic(got)}`);
          if (want.endLine !== undefined) assert.equal(got.range.end.line + 1, want.endLine, `end line of ${describeDiagnostic(got)}`);
          if (want.endColumn !== undefined) assert.equal(got.range.end.character + 1, want.endColumn, `end column of ${describeDiagnostic(got)}`);
          if (want.severity) assert.equal(got.severity, want.severity);
          if (typeof want.message === 'string') assert.ok(got.message.includes(want.message), `message "${got.message}" should include "${want.message}"`);
          else if (want.message) assert.match(got.message, want.message);
          if (want.related) assertRelated(got, want.related);
        });
        if (c.output !== undefined) {
          const edits = found.flatMap((d) => d.fixes?.[0]?.edits ?? []);
          assert.ok(edits.length > 0, 'expected a fix');
          const fixed = applyEdits(c.code, edits).text;
          assert.equal(fixed, c.output);
          assert.deepEqual(lint(rule, fixed, c.config).map(describeDiagnostic), [], 'the fixed text must check clean of this rule');
        }
      });
    });
  });
}
