import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../../language/model/build';
import { EXPECTATION_FORMS, FAULT_FORMS } from '../../../language/vocabulary/scenario';

/* docs/scenarios.md is the scenario language's user page: its examples must read clean and cover every form. */

const ROOT = join(import.meta.dirname, '../../..');
const DOC = readFileSync(join(ROOT, 'docs/scenarios.md'), 'utf8');
const EXAMPLES = [...DOC.matchAll(/```arch\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('docs/scenarios.md', () => {
  it('has examples', () => assert.ok(EXAMPLES.length >= 10, `${EXAMPLES.length} examples`));

  const faults = new Set<string>();
  const expectations = new Set<string>();
  EXAMPLES.forEach((text, i) => {
    it(`example ${i + 1} reads without a diagnostic`, () => {
      const m = buildModelFromText(text);
      assert.deepEqual(m.diagnostics.map((d) => `${d.rule}: ${d.message}`), []);
      for (const e of m.elements.values()) {
        if (e.kind !== 'scenario') continue;
        for (const f of e.faults) faults.add(f.statement.atoms[1]!.text);
        for (const x of e.expectations) expectations.add(x.statement.atoms[0]!.text);
      }
    });
  });

  it('shows every fault and every expectation in an example', () => {
    assert.deepEqual(FAULT_FORMS.map((f) => f.word).filter((w) => !faults.has(w)), []);
    assert.deepEqual(EXPECTATION_FORMS.map((f) => f.word).filter((w) => !expectations.has(w)), []);
  });

  it('documents every form under its own heading or in the expectations table', () => {
    for (const f of FAULT_FORMS) assert.match(DOC, new RegExp(`^### .*\`${f.word}`, 'm'), f.word);
    for (const f of EXPECTATION_FORMS) assert.match(DOC, new RegExp(`^\\| \`${f.word}`, 'm'), f.word);
  });
});
