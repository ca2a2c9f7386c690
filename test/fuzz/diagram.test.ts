import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkText } from '../../analyzers/check';
import { toDiagram, zoneLossView } from '../../analyzers/diagram/to-diagram';
import { layoutDiagram } from '../../diagram/layout';
import type { DiagramModel } from '../../diagram/model';
import { DiagramSchema } from '../../diagram/protocol';
import { renderSvg } from '../../diagram/render-svg';
import { cases, mutatedSample, withinBudget, withinBudgetAsync } from './kit';
import { vocabularyDesign } from './vocabulary-design';
import { assertWellFormedXml } from './xml';

/*
 * The diagram model (analyzers/diagram/to-diagram.ts) of any text: built without a throw, and always one the VS Code
 * client accepts — the client validates the server's `faultline/diagram` response with DiagramSchema
 * (diagram/protocol.ts) and shows nothing when it fails. Its references hold together (every edge's ends and every
 * parent exist). The zone-loss view of each zone too. Then layout and SVG on a few cases (elkjs takes up to seconds
 * per design): every node placed, and the SVG well-formed XML.
 */

const MODEL_BUDGET_MS = 3_000;
const LAYOUT_BUDGET_MS = 30_000;

function assertConsistent(diagram: DiagramModel): void {
  const parsed = DiagramSchema.safeParse(diagram);
  assert.ok(parsed.success, `the client's schema rejects the diagram: ${parsed.success ? '' : parsed.error.message.slice(0, 2000)}`);
  const ids = new Set<string>();
  for (const x of [...diagram.containers, ...diagram.nodes, ...diagram.edges]) {
    assert.ok(!ids.has(x.id), `id ${x.id} is used twice`);
    ids.add(x.id);
  }
  // Edges join node names (ids are `n:NAME`); parents are container ids.
  const nodes = new Set(diagram.nodes.map((n) => n.name));
  const containers = new Set(diagram.containers.map((c) => c.id));
  for (const e of diagram.edges) assert.ok(nodes.has(e.from) && nodes.has(e.to), `edge ${e.id} joins ${e.from} and ${e.to}, not both drawn`);
  for (const x of [...diagram.nodes, ...diagram.containers]) if (x.parent !== undefined) assert.ok(containers.has(x.parent), `${x.id}'s parent ${x.parent} is no container`);
}

function modelCase(text: string): DiagramModel {
  return withinBudget(
    MODEL_BUDGET_MS,
    'check and diagram model',
    () => {
      const { model, diagnostics } = checkText(text);
      const diagram = toDiagram(model, diagnostics);
      assertConsistent(diagram);
      for (const zone of diagram.zones.slice(0, 5)) zoneLossView(model, zone);
      return diagram;
    },
    text,
  );
}

describe('fuzz: diagram model', () => {
  it(`of mutated samples: valid for the client, consistent (each within ${MODEL_BUDGET_MS} ms)`, () => {
    fc.assert(fc.property(mutatedSample, (text) => void modelCase(text)), cases(200));
  });

  it(`of designs drawn from the vocabulary: the same (each within ${MODEL_BUDGET_MS} ms)`, () => {
    fc.assert(fc.property(vocabularyDesign, (text) => void modelCase(text)), cases(200));
  });
});

describe('fuzz: diagram layout and SVG', () => {
  it(`lays out a few mutated samples and designs, every node placed, the SVG well-formed (each within ${LAYOUT_BUDGET_MS} ms)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedSample, vocabularyDesign), async (text) => {
        const diagram = modelCase(text);
        const layout = await withinBudgetAsync(LAYOUT_BUDGET_MS, 'layout', () => layoutDiagram(diagram), text);
        assert.deepEqual(new Set(layout.nodes.map((n) => n.id)), new Set(diagram.nodes.map((n) => n.id)), 'every node is laid out');
        for (const n of layout.nodes) assert.ok([n.box.x, n.box.y, n.box.width, n.box.height].every(Number.isFinite), `${n.id} has a finite box`);
        assertWellFormedXml(renderSvg(diagram, layout, { standalone: true }));
      }),
      cases(6),
    );
  });
});
