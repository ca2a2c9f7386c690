import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { containsPosition } from '../../../language/range';
import { checkText } from '../../../analyzers/check';
import { toDiagram } from '../../../analyzers/diagram/to-diagram';

/*
 * toDiagram places each diagnostic on the declaration that contains its start by binary search over the sorted
 * declarations; these compare that with scanning every declaration per diagnostic, as it did before.
 */

function naiveCounts(text: string): Map<string, number> {
  const { model, diagnostics } = checkText(text);
  const elements = [...model.elements.values()];
  const counts = new Map<string, number>();
  for (const d of diagnostics) {
    const owner = elements.find((e) => containsPosition(e.statement.range, d.range.start));
    if (owner) counts.set(owner.name, (counts.get(owner.name) ?? 0) + 1);
  }
  return counts;
}

/** Every node's badge total (regions and scenarios are no nodes). */
function diagramCounts(text: string): Map<string, number> {
  const { model, diagnostics } = checkText(text);
  const diagram = toDiagram(model, diagnostics);
  return new Map(diagram.nodes.map((n) => [n.name, n.badges.error + n.badges.warning + n.badges.info]));
}

const DECLS = ['service s{i} { call s{j} }', 'service s{i}', 'store s{i} { replicas 1 }', 'gateway s{i} { routes s{j} }', 'queue s{i}', 'service s{i} {\n  replicas 1\n  call s{j} { timeout 1s; retry 3 }\n}'];

describe('diagnostics by element', () => {
  it('badges equal a scan over every declaration, for declarations on one line and on many', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(DECLS.length - 1), fc.nat(9), fc.constantFrom('\n', '; ', '\n\n')), { minLength: 1, maxLength: 10 }), (parts) => {
        const text = parts.map(([k, j], i) => DECLS[k]!.replaceAll('{i}', String(i)).replaceAll('{j}', String(j % parts.length))).reduce((acc, d, i) => (i === 0 ? d : acc + parts[i - 1]![2] + d), '') + '\n';
        const naive = naiveCounts(text);
        const got = diagramCounts(text);
        for (const [name, count] of got) assert.equal(count, naive.get(name) ?? 0, `${name} in:\n${text}`);
      }),
      { numRuns: 60 },
    );
  });

  it('puts findings of declarations sharing one line on the right one', () => {
    const text = 'service a { call b { timeout 1s; retry 3 } }; service b { replicas 1 }; store c\n';
    const got = diagramCounts(text);
    const naive = naiveCounts(text);
    for (const [name, count] of got) assert.equal(count, naive.get(name) ?? 0, name);
    assert.ok(got.get('a')! > 0 && got.get('b')! > 0);
  });
});
