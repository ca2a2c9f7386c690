import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toDiagram } from '../../../analyzers/diagram/to-diagram';
import { layoutDiagram } from '../../../diagram/layout';
import { DiagramSchema } from '../../../diagram/protocol';
import { renderSvg } from '../../../diagram/render-svg';
import { buildModelFromText } from '../../../language/model/build';

/* SPEC §5.2 on the diagram: load on the synchronous relations, capacity on the elements, and the zone-loss view
 * marking what survives a zone but cannot carry its load. */

const TEXT = `region us-east { zones a, b, c }
client mobile { load 700; call edge { timeout 5s; retry 3; idempotency-key request_id } }
gateway edge { replicas 3; zones a, b, c; capacity 5000; routes api }
service api { replicas 3; zones a, b, c; capacity 300; reads db; publishes events }
store db { replicas 3; zones a, b, c; capacity 2000 }
queue events { replicas 3; zones a, b, c }
service cell-a { replicas 2; zones a; scope zonal; capacity 100 }
`;

describe('load and capacity on the diagram', () => {
  const model = buildModelFromText(TEXT);
  const diagram = toDiagram(model, []);
  it('puts the load each synchronous relation carries on its label, and capacity on the nodes', () => {
    const label = (from: string, to: string) => diagram.edges.find((e) => e.from === from && e.to === to)!;
    assert.deepEqual([label('mobile', 'edge').label, label('mobile', 'edge').load], ['5s ×4 · 700 req/s', 700]);
    assert.deepEqual([label('edge', 'api').label, label('api', 'db').label], ['700 req/s', 'reads · 700 req/s']);
    assert.equal(label('api', 'events').load, undefined, 'publishing is asynchronous: no load carried');
    const api = diagram.nodes.find((n) => n.name === 'api')!;
    assert.deepEqual([api.capacity, api.load, api.detail], [900, 700, 'capacity 900 req/s']);
    assert.deepEqual([diagram.nodes.find((n) => n.name === 'cell-a')!.load, diagram.nodes.find((n) => n.name === 'events')!.capacity], [undefined, undefined]);
    assert.equal(DiagramSchema.safeParse(diagram).success, true);
  });
  it('the zone-loss view marks elements whose remaining capacity is below their load', () => {
    const a = diagram.zoneLoss.find((z) => z.zone === 'a')!;
    assert.deepEqual(a.down.map((d) => d.name), ['cell-a']);
    assert.deepEqual(a.overloaded, [{ name: 'api', load: 700, capacity: 600 }]);
    assert.deepEqual(diagram.zoneLoss.find((z) => z.zone === 'b')!.overloaded, [{ name: 'api', load: 700, capacity: 600 }]);
  });
  it('draws them: the overloaded class in the zone-loss view, capacity and load in the tooltip', async () => {
    const layout = await layoutDiagram(diagram);
    const svg = renderSvg(diagram, layout, { zoneLoss: 'a' });
    assert.match(svg, /class="fl-node fl-kind-service fl-overloaded" data-name="api"/);
    assert.match(svg, /capacity 900 req\/s · peak load 700 req\/s/);
    assert.doesNotMatch(renderSvg(diagram, layout, {}), /fl-overloaded"/);
  });
  it('without any load declared: nothing changes but the capacity', () => {
    const quiet = toDiagram(buildModelFromText(TEXT.replace('load 700; ', '')), []);
    assert.ok(quiet.edges.every((e) => e.load === undefined && !e.label?.includes('req/s')));
    assert.ok(quiet.zoneLoss.every((z) => z.overloaded === undefined));
    assert.equal(quiet.nodes.find((n) => n.name === 'api')!.capacity, 900);
  });
});
