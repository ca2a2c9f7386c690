import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../../analyzers/check';
import { toDiagram } from '../../analyzers/diagram/to-diagram';
import { MAX_FINDINGS_PER_FILE } from '../../analyzers/limits';
import { DiagramSchema } from '../../diagram/protocol';
import { tooLargeToDraw } from '../../diagram/model';
import { AnalysisCache } from '../../extension/server/documents';
import { hover } from '../../extension/server/hover';
import { denseMesh } from '../unit/check/dense-mesh';
import { runInProcess, tempDir } from './child';
import { withinBudget } from './kit';

/*
 * Call graphs that walk-based rules and analyses can blow up on: a 5,000-service retry chain (retries multiply to
 * 4^5000, and the worst-case time sums 5,000 hops), a 1,000-service call cycle (no walk may loop), a 200-service
 * dense mesh (19,900 calls: O(n²) findings, capped). Each is checked within the budget in its name, the hover of the
 * chain's ends answers within it too, and the diagram is either valid for the client or refused with a clear notice.
 */

const retryChain = (n: number) =>
  `${Array.from({ length: n }, (_, i) => `service s${i} { replicas 3; operation op { idempotent }${i + 1 < n ? `; call s${i + 1}.op { timeout 1s; retry 3; backoff exponential 100ms..1s; jitter full }` : ''} }`).join('\n')}\n`;
const callCycle = (n: number) => `${Array.from({ length: n }, (_, i) => `service s${i} { replicas 3; call s${(i + 1) % n} { timeout 1s; retry 1 } }`).join('\n')}\n`;

const cache = new AnalysisCache(() => ({ config: {}, key: '{}' }));
let version = 0;

function checkGraph(text: string, budgetMs: number, { clientSchema = true } = {}) {
  return withinBudget(
    budgetMs,
    'check, diagram model and hover',
    () => {
      const result = checkText(text);
      assert.deepEqual(result.diagnostics.filter((d) => d.rule === 'internal').map((d) => d.message), []);
      assert.ok(result.diagnostics.length <= MAX_FINDINGS_PER_FILE);
      for (const d of result.diagnostics) assert.doesNotMatch(d.message, /\bNaN\b|undefined/, `${d.rule}: ${d.message.slice(0, 300)}`);
      const diagram = toDiagram(result.model, result.diagnostics);
      if (clientSchema) assert.ok(DiagramSchema.safeParse(diagram).success, 'the client accepts the diagram model');
      const analysis = cache.get(TextDocument.create('file:///w/graph.arch', 'arch', ++version, text));
      const names = [...result.model.elements.values()];
      for (const e of [names[0]!, names[names.length - 1]!]) hover(analysis, e.nameRange.start);
      return { ...result, diagram };
    },
    text.slice(0, 2000),
  );
}

describe('pathological: call graphs', () => {
  it('a 5,000-service retry chain: checked and hovered within 10 s, amplification reported once, finitely', () => {
    const { diagnostics, diagram } = checkGraph(retryChain(5_000), 10_000);
    const amplification = diagnostics.filter((d) => d.rule === 'retry/amplification');
    assert.equal(amplification.length, 1, 'one finding for the worst chain');
    assert.doesNotMatch(amplification[0]!.message, /Infinity/);
    assert.ok(tooLargeToDraw(diagram), 'too large to draw: said, not attempted');
  });

  it('a 1,000-service call cycle: checked and hovered within 5 s, and drawable', () => {
    const { diagnostics, diagram } = checkGraph(callCycle(1_000), 5_000);
    assert.ok(diagnostics.length > 0);
    assert.equal(tooLargeToDraw(diagram), undefined, '1,000 nodes and 1,000 relations are within the drawing limits');
  });

  it('a 200-service dense mesh (19,900 calls): checked within 10 s, findings capped, the diagram refused with a notice', () => {
    const { diagnostics, diagram } = checkGraph(denseMesh(200), 10_000, { clientSchema: false });
    assert.ok(diagnostics.length <= MAX_FINDINGS_PER_FILE);
    assert.match(tooLargeToDraw(diagram) ?? '', /diagrams are drawn up to 1000 elements and 2000 relations/);
  });

  it("the dense mesh: the panel's too-large notice is read from the response's counts, before the bounded schema would call it invalid", () => {
    // extension/client/diagram-source.ts asks tooLargeToDraw of the raw response first (the schema's lists stop at
    // 5,000, the mesh has 19,900 relations), so the user reads the notice, not "an invalid diagram".
    const { model, diagnostics } = checkText(denseMesh(200));
    const raw = JSON.parse(JSON.stringify({ uri: 'file:///mesh.arch', version: 1, diagram: toDiagram(model, diagnostics) })) as { diagram: { nodes: unknown[]; edges: unknown[] } };
    assert.equal(DiagramSchema.safeParse(raw.diagram).success, false, 'the schema alone refuses it');
    assert.match(tooLargeToDraw(raw.diagram) ?? '', /This design has 200 elements and 19900 relations/);
  });

  it('`faultline diagram` on the dense mesh: one clear line, exit 2, within 10 s', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'mesh.arch'), denseMesh(200));
    const r = await runInProcess(['diagram', 'mesh.arch', '--out', 'mesh.svg'], dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot draw 'mesh\.arch': This design has 200 elements and 19900 relations/);
    assert.ok(r.ms <= 10_000, `${Math.round(r.ms)} ms`);
  });
});
