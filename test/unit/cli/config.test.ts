import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applySeverity, closestMatch, formatJsonPath, parseConfig } from '../../../analyzers/config';
import { ALL_RULES } from '../../../analyzers/registry';
import type { Diagnostic } from '../../../language/diagnostic';

// Whatever the catalog holds today: a rule with a category and one without.
const RULE = ALL_RULES.find((r) => r.id.includes('/'))?.id ?? 'syntax';
const CORE = 'syntax';

const error = (text: string) => {
  const r = parseConfig(text, 'faultline.json');
  assert.ok('error' in r, `expected an error for ${text}`);
  return r.error;
};

describe('faultline.json', () => {
  it('accepts rules and amplificationLimit', () => {
    const r = parseConfig(JSON.stringify({ rules: { [RULE]: 'off', [CORE]: 'warning' }, amplificationLimit: 20 }), 'faultline.json');
    assert.deepEqual(r, { config: { rules: { [RULE]: 'off', [CORE]: 'warning' }, amplificationLimit: 20 } });
    assert.deepEqual(parseConfig('{}', 'faultline.json'), { config: {} });
    assert.ok('config' in parseConfig('\uFEFF{}', 'faultline.json'), 'a BOM is tolerated');
  });

  it('accepts simulator result ids, which are not in the static catalog', () => {
    assert.ok('config' in parseConfig('{ "rules": { "sim/no-split-brain": "error" } }', 'faultline.json'));
  });

  it('names the file and the JSON path of an invalid severity', () => {
    assert.equal(error(JSON.stringify({ rules: { [RULE]: 'fatal' } })), `faultline.json: rules.${JSON.stringify(RULE)}: expected one of off, error, warning, info`);
    assert.equal(error('{ "rules": { "syntax": 2 } }'), 'faultline.json: rules.syntax: expected one of off, error, warning, info');
  });

  it('rejects unknown rule ids with a did-you-mean', () => {
    const typo = RULE.slice(0, -1) + (RULE.endsWith('x') ? 'y' : 'x');
    assert.equal(error(JSON.stringify({ rules: { [typo]: 'off' } })), `faultline.json: rules.${JSON.stringify(typo)}: unknown rule (did you mean "${RULE}"?)`);
    assert.match(error('{ "rules": { "zzzzzzzz/qqqqqqq": "off" } }'), /unknown rule \(run `faultline rules` for the list\)$/);
  });

  it('rejects unknown keys (strict), with a did-you-mean', () => {
    assert.equal(error('{ "rule": {} }'), 'faultline.json: unknown key "rule" (did you mean "rules"?)');
    assert.equal(error('{ "colour": true }'), 'faultline.json: unknown key "colour"');
  });

  it('checks amplificationLimit is a number greater than 1', () => {
    assert.equal(error('{ "amplificationLimit": 1 }'), 'faultline.json: amplificationLimit: must be greater than 1');
    assert.equal(error('{ "amplificationLimit": "10" }'), 'faultline.json: amplificationLimit: expected a number');
  });

  it('rejects a config that is not an object, or rules that are not one', () => {
    assert.equal(error('[]'), 'faultline.json: expected an object');
    assert.equal(error('{ "rules": [] }'), 'faultline.json: rules: expected an object');
  });

  it('reports bad JSON on one line', () => {
    for (const text of ['{ "rules": }', '', '{} x', '{\n  "rules": {\n    "a": "off",\n  }\n}']) {
      const e = error(text);
      assert.match(e, /^faultline\.json: invalid JSON: /);
      assert.doesNotMatch(e, /\n/);
    }
  });

  it('counts the problems it does not show', () => {
    assert.match(error('{ "amplificationLimit": 0, "rules": [] }'), /\(and 1 more problem\)$/);
  });

  it('formats JSON paths the way a user would write them', () => {
    assert.equal(formatJsonPath(['rules', 'quorum/no-overlap']), 'rules."quorum/no-overlap"');
    assert.equal(formatJsonPath(['a', 0, 'b']), 'a[0].b');
  });

  it('suggests a rule given without its category', () => {
    assert.equal(closestMatch('no-overlap', ['quorum/no-overlap', 'quorum/even-size']), 'quorum/no-overlap');
  });
});

describe('applySeverity', () => {
  const d = (rule: string, severity: Diagnostic['severity']): Diagnostic => ({
    rule,
    severity,
    message: 'm',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
  });

  it('drops rules set to off and overrides severities, leaving the rest alone', () => {
    const out = applySeverity([d('a/x', 'error'), d('b/y', 'warning'), d('c/z', 'info')], { rules: { 'a/x': 'off', 'b/y': 'error' } });
    assert.deepEqual(out.map((x) => [x.rule, x.severity]), [['b/y', 'error'], ['c/z', 'info']]);
  });

  it('is a no-op without rules and idempotent with them', () => {
    const input = [d('a/x', 'error')];
    assert.equal(applySeverity(input, undefined), input);
    const config = { rules: { 'a/x': 'info' as const } };
    assert.deepEqual(applySeverity(applySeverity(input, config), config), applySeverity(input, config));
  });

  it('ignores inherited object keys such as toString', () => {
    assert.equal(applySeverity([d('toString', 'error')], { rules: {} }).length, 1);
  });
});
