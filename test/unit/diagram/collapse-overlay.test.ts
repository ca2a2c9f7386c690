import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkText } from '../../../analyzers/check';
import { toDiagram } from '../../../analyzers/diagram/to-diagram';
import { collapsedStandIns, FONT, layoutDiagram, MIN_FIT_ZOOM, MIN_LABEL_PX, toElkGraph } from '../../../diagram/layout';
import { renderSvg } from '../../../diagram/render-svg';
import type { SimOverlay } from '../../../diagram/timeline';

/* Issue 11 in diagram/: layout direction, collapsed containers, the readable zoom, the simulation overlay in the SVG. */

const diagramOf = (text: string) => {
  const { model, diagnostics } = checkText(text);
  return toDiagram(model, diagnostics);
};
const CHECKOUT = diagramOf(readFileSync('samples/checkout-saga.arch', 'utf8'));

const ZONED = `region r { zones a, b }
gateway edge { replicas 2; zones a, b; routes app, app2 }
service app { replicas 1; zones a; writes db; call other { timeout 1s } }
service app2 { replicas 1; zones a; writes db }
store db { replicas 2; zones a, b }
external other
`;

describe('layout direction and the readable zoom', () => {
  it('lays out top-down when asked, left to right by default', async () => {
    assert.equal(toElkGraph(CHECKOUT).layoutOptions?.['elk.direction'], 'RIGHT');
    assert.equal(toElkGraph(CHECKOUT, { direction: 'DOWN' }).layoutOptions?.['elk.direction'], 'DOWN');
    const right = await layoutDiagram(CHECKOUT);
    const down = await layoutDiagram(CHECKOUT, { direction: 'DOWN' });
    assert.equal(right.direction, 'RIGHT');
    assert.equal(down.direction, 'DOWN');
    assert.ok(right.width > right.height, 'the checkout saga is wide left to right');
    assert.ok(down.width / down.height < right.width / right.height, 'and narrower top-down');
    assert.match(renderSvg(CHECKOUT, down), /data-direction="DOWN"/);
  });

  it('defines the readable zoom from the name font: a name is never below MIN_LABEL_PX on screen', () => {
    assert.equal(MIN_LABEL_PX, 10);
    assert.ok(Math.abs(FONT.name * MIN_FIT_ZOOM - MIN_LABEL_PX) < 1e-9);
  });
});

describe('collapsed containers', () => {
  it('maps every member of a collapsed container to it, the outermost winning, unknown ids ignored', () => {
    const d = diagramOf(ZONED);
    const standIns = collapsedStandIns(d, ['r:r', 'z:a', 'nope']);
    assert.equal(standIns.get('n:app'), 'r:r');
    assert.equal(standIns.get('z:a'), 'r:r');
    assert.equal(standIns.get('n:other'), undefined);
    assert.equal(collapsedStandIns(d, ['z:a']).get('n:app'), 'z:a');
    assert.equal(collapsedStandIns(d, ['nope']).size, 0);
  });

  it('draws a collapsed zone as one box, its members hidden, their relations ending at the box and merged', async () => {
    const d = diagramOf(ZONED);
    const layout = await layoutDiagram(d, { collapsed: ['z:a'], collapsible: true });
    const zone = layout.containers.find((c) => c.id === 'z:a')!;
    assert.equal(zone.collapsed, true);
    assert.equal(zone.members, 2, 'app and app2');
    const nodes = layout.nodes.map((n) => n.id).sort();
    assert.deepEqual(nodes, ['n:db', 'n:edge', 'n:other']);
    // edge → app and edge → app2 become one edge into the zone; app → db and app2 → db one edge out of it.
    const byId = new Map(layout.edges.map((e) => [e.id, e]));
    const into = d.edges.filter((e) => e.from === 'edge' && (e.to === 'app' || e.to === 'app2'));
    assert.equal(into.filter((e) => byId.has(e.id)).length, 1, 'two routes merged into one');
    const merged = byId.get(into.find((e) => byId.has(e.id))!.id)!;
    assert.equal(merged.labelText, '2 relations');
    const last = merged.points.at(-1)!;
    const { box } = zone;
    assert.ok(last.x >= box.x - 1 && last.x <= box.x + box.width + 1 && last.y >= box.y - 1 && last.y <= box.y + box.height + 1, 'it ends at the collapsed box');
    const svg = renderSvg(d, layout);
    assert.match(svg, /class="fl-container fl-zone fl-collapsed"/);
    assert.ok(svg.includes('2 elements · collapsed'));
    assert.ok(svg.includes('>2 relations<'));
    assert.ok(!svg.includes('data-name="app"'), 'members are not drawn');
    assert.ok(svg.includes('data-toggle="z:a"') && svg.includes('aria-expanded="false"'));
    assert.ok(svg.includes('data-toggle="r:r"') && svg.includes('aria-expanded="true"'));
  });

  it('hides the zone chips of a collapsed region, and a standalone file has no toggles', async () => {
    const layout = await layoutDiagram(CHECKOUT, { collapsed: ['r:eu-central'], collapsible: true });
    assert.equal(layout.containers.filter((c) => c.chip).length, 0);
    assert.equal(layout.containers.find((c) => c.id === 'r:eu-central')?.members, 12);
    assert.ok(!renderSvg(CHECKOUT, layout, { standalone: true }).includes('fl-container-toggle'));
    assert.ok(!renderSvg(CHECKOUT, await layoutDiagram(CHECKOUT)).includes('fl-container-toggle'), 'no toggles unless collapsible');
  });
});

describe('simulation overlay in the SVG', () => {
  const overlay: SimOverlay = {
    seed: 3,
    atMs: 5388,
    elements: [
      { name: 'orders-db', status: 'degraded', leader: 'orders-db#2 <b>', down: 1, total: 3, lostWrites: 3 },
      { name: 'payments-db', status: 'down', down: 3, total: 3, lostWrites: 0 },
      { name: 'not-in-the-design', status: 'down', down: 1, total: 1, lostWrites: 0 },
    ],
    zonesDown: ['euc1-a'],
    partitioned: ['euc1-b'],
  };

  it('greys down elements, dims degraded ones, badges leader and lost writes, marks zones', async () => {
    const layout = await layoutDiagram(CHECKOUT);
    const svg = renderSvg(CHECKOUT, layout, { sim: overlay, standalone: true });
    assert.ok(svg.includes('fl-sim-mode'));
    assert.match(svg, /<g class="fl-node fl-kind-store[^"]* fl-sim-down" data-name="payments-db"/);
    assert.match(svg, /<g class="fl-node fl-kind-store[^"]* fl-sim-degraded" data-name="orders-db"/);
    assert.ok(svg.includes('>leader: orders-db#2 &lt;b&gt;</text>'), 'the leader, escaped');
    assert.ok(svg.includes('>3 lost writes</text>'));
    assert.ok(svg.includes('simulation at t=5.388s: degraded · 2/3 up · leader orders-db#2 &lt;b&gt; · 3 lost writes'), 'in the tooltip');
    assert.match(svg, /class="fl-container fl-zone fl-zone-chip fl-sim-zone-down" data-container="euc1-a"/);
    assert.match(svg, /class="fl-container fl-zone fl-zone-chip fl-sim-partitioned" data-container="euc1-b"/);
    assert.ok(svg.includes('<pattern id="fl-hatch"') && svg.includes('.fl-sim-partitioned>.fl-container-box{fill:url(#fl-hatch)'));
    assert.ok(!svg.includes('<b>'));
  });

  it('draws nothing of it when there is none', async () => {
    const layout = await layoutDiagram(CHECKOUT);
    for (const sim of [undefined, null]) {
      const svg = renderSvg(CHECKOUT, layout, { sim });
      assert.ok(!/fl-sim-|fl-hatch/.test(svg), 'no overlay classes, no pattern');
    }
  });
});

describe('the simulation overlay on a collapsed container', () => {
  it('marks the folded box when an element it hides is down, and says how many', async () => {
    const d = diagramOf(ZONED);
    const layout = await layoutDiagram(d, { collapsed: ['z:a'], collapsible: true });
    const step = (status: 'ok' | 'down'): SimOverlay => ({ seed: 1, atMs: 5000, elements: [{ name: 'app', status, down: status === 'down' ? 1 : 0, total: 1, lostWrites: 0 }], zonesDown: [], partitioned: [] });
    const zoneGroup = (svg: string) => /<g class="([^"]*)" data-container="a"[^>]*>[\s\S]*?<\/g>/.exec(svg);
    const down = zoneGroup(renderSvg(d, layout, { sim: step('down') }));
    assert.ok(down, 'the folded zone is drawn');
    assert.match(down[1]!, /fl-sim-degraded/);
    assert.match(down[0], /1 down/);
    const ok = zoneGroup(renderSvg(d, layout, { sim: step('ok') }));
    assert.doesNotMatch(ok![1]!, /fl-sim-degraded/);
    assert.doesNotMatch(ok![0], /down/);
  });
});

