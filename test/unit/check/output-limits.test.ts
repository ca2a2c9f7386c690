import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText } from '../../../analyzers/check';
import { capFindings, MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_RULE } from '../../../analyzers/limits';
import type { Diagnostic } from '../../../language/diagnostic';
import { denseMesh } from './dense-mesh';

const countBy = (list: readonly Diagnostic[]) => {
  const out = new Map<string, number>();
  for (const d of list) out.set(d.rule, (out.get(d.rule) ?? 0) + 1);
  return out;
};

describe('output limits', () => {
  const text = denseMesh(40);
  const all = checkText(text, { cap: false });
  const capped = checkText(text);

  it('the mesh has more findings than the limits allow (else the test proves nothing)', () => {
    assert.ok(all.diagnostics.length > MAX_FINDINGS_PER_FILE, `${all.diagnostics.length}`);
    assert.ok([...countBy(all.diagnostics).values()].some((n) => n > MAX_FINDINGS_PER_RULE));
    assert.deepEqual(all.dropped, []);
  });

  it('keeps at most MAX_FINDINGS_PER_RULE per rule and MAX_FINDINGS_PER_FILE per file, and counts the rest', () => {
    assert.ok(capped.diagnostics.length <= MAX_FINDINGS_PER_FILE);
    for (const [rule, n] of countBy(capped.diagnostics)) assert.ok(n <= MAX_FINDINGS_PER_RULE, `${rule}: ${n}`);
    const dropped = capped.dropped.reduce((n, d) => n + d.count, 0);
    assert.equal(capped.diagnostics.length + dropped, all.diagnostics.length);
    // Per rule: shown + dropped = found.
    for (const [rule, n] of countBy(all.diagnostics)) {
      const shown = countBy(capped.diagnostics).get(rule) ?? 0;
      const gone = capped.dropped.filter((d) => d.rule === rule).reduce((s, d) => s + d.count, 0);
      assert.equal(shown + gone, n, rule);
    }
  });

  it('keeps the first findings of each rule, in reading order', () => {
    const kept = new Set(capped.diagnostics);
    assert.ok(capped.diagnostics.every((d, i) => i === 0 || d.range.start.line >= capped.diagnostics[i - 1]!.range.start.line));
    for (const rule of countBy(all.diagnostics).keys()) {
      const mine = all.diagnostics.filter((d) => d.rule === rule);
      const shown = capped.diagnostics.filter((d) => d.rule === rule);
      assert.deepEqual(shown, mine.slice(0, shown.length), rule);
    }
    assert.ok(kept.size > 0);
  });

  it('prefers errors over warnings when the file budget is spent', () => {
    const warning = (i: number): Diagnostic => ({ rule: `w/r${i % 20}`, severity: 'warning', message: 'w', range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } } });
    const list = Array.from({ length: 2000 }, (_, i) => warning(i));
    list.push({ rule: 'e/late', severity: 'error', message: 'e', range: { start: { line: 5000, character: 0 }, end: { line: 5000, character: 1 } } });
    const out = capFindings(list);
    assert.equal(out.diagnostics.length, MAX_FINDINGS_PER_FILE);
    assert.equal(out.diagnostics[out.diagnostics.length - 1]!.rule, 'e/late', 'the error is kept, and stays in reading order');
    assert.equal(out.dropped.reduce((n, d) => n + d.count, 0), 1001);
  });

  it('does not cut syntax errors further (the parser has its own budget)', () => {
    const many = checkText(`service a\n${'§ '.repeat(1000)}\n`);
    assert.equal(many.diagnostics.filter((d) => d.rule === 'syntax').length, 201);
    assert.deepEqual(many.dropped, []);
  });
});
