import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkText } from '../../../analyzers/check';
import { renderDiagramSvg, toDiagram } from '../../../analyzers/diagram/to-diagram';
import { layoutDiagram, toElkGraph } from '../../../diagram/layout';
import { escapeXml, renderSvg } from '../../../diagram/render-svg';

const check = (text: string) => checkText(text);
const CHECKOUT = readFileSync('samples/checkout-saga.arch', 'utf8');

/** Inner text of every element with the class (good enough for our flat, attribute-quoted output). */
const count = (svg: string, pattern: RegExp) => (svg.match(pattern) ?? []).length;

describe('layout', () => {
  it('lays out containers as compound nodes with absolute boxes inside their parents', async () => {
    const { model, diagnostics } = check(CHECKOUT);
    const diagram = toDiagram(model, diagnostics);
    const graph = toElkGraph(diagram);
    assert.equal(graph.layoutOptions?.['elk.direction'], 'RIGHT');
    assert.equal(graph.layoutOptions?.['elk.hierarchyHandling'], 'INCLUDE_CHILDREN');
    const layout = await layoutDiagram(diagram);
    assert.equal(layout.nodes.length, diagram.nodes.length);
    const region = layout.containers.find((c) => c.id === 'r:eu-central')!.box;
    const checkout = layout.nodes.find((n) => n.id === 'n:checkout')!.box;
    assert.ok(checkout.x >= region.x && checkout.x + checkout.width <= region.x + region.width, 'checkout is inside its region');
    assert.ok(checkout.y >= region.y && checkout.y + checkout.height <= region.y + region.height);
    // Empty zones are chips in the region header.
    assert.ok(layout.containers.filter((c) => c.chip).length === 3);
    // No two nodes overlap.
    for (const a of layout.nodes)
      for (const b of layout.nodes) {
        if (a === b) continue;
        const apart = a.box.x + a.box.width <= b.box.x || b.box.x + b.box.width <= a.box.x || a.box.y + a.box.height <= b.box.y || b.box.y + b.box.height <= a.box.y;
        assert.ok(apart, `${a.id} overlaps ${b.id}`);
      }
    for (const e of layout.edges) assert.ok(e.points.length >= 2, `${e.id} is routed`);
  });
});

describe('renderDiagramSvg', () => {
  it('draws every element, every edge and every container', async () => {
    const { model, diagnostics } = check(CHECKOUT);
    const diagram = toDiagram(model, diagnostics);
    const svg = await renderDiagramSvg(model, diagnostics);
    assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'));
    for (const node of diagram.nodes) assert.ok(svg.includes(`data-name="${node.name}"`), `${node.name} is drawn`);
    for (const name of ['storefront', 'checkout', 'payments-db', 'etcd', 'stripe', 'place-order']) assert.ok(svg.includes(`>${name}</text>`), `${name} label`);
    assert.equal(count(svg, /<g class="fl-edge fl-edge-/g), diagram.edges.length);
    // 1 route, 8 calls, 3 writes, 1 publish, 1 consume, 1 coordinator, 1 orchestrator, 5 saga steps.
    assert.equal(diagram.edges.length, 21);
    assert.equal(count(svg, /<g class="fl-node /g), diagram.nodes.length);
    assert.ok(svg.includes('>800ms') || svg.includes('>200ms ×3<'), 'call labels');
    assert.ok(svg.includes('<style>'), 'a standalone file embeds its stylesheet');
    assert.ok(!/ style="|fill="#|stroke="#/.test(svg), 'no inline colours: classes only');
  });

  it('escapes every user string: names, titles, descriptions, labels', async () => {
    const { model, diagnostics } = check(`service evil "<img src=x onerror=alert(1)>" {
  description "</title><script>alert(2)</script> & 'quoted' \\"x\\""
  call other { timeout 1s }
}
service other "a & b <b>bold</b>"
`);
    const svg = await renderDiagramSvg(model, diagnostics);
    assert.ok(!svg.includes('<img'), 'no img element');
    assert.ok(!svg.includes('<script'), 'no script element');
    assert.ok(!svg.includes('<b>'), 'no injected markup');
    assert.ok(svg.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the title is text');
    assert.ok(svg.includes('a &amp; b &lt;b&gt;bold&lt;/b&gt;'));
    assert.ok(svg.includes('&lt;/title&gt;&lt;script&gt;alert(2)&lt;/script&gt; &amp; &#39;quoted&#39; &quot;x&quot;'));
    assert.ok(!/<[^>]*\son[a-z]+=/i.test(svg), 'no event-handler attribute');
  });

  it('escapes text and drops characters XML cannot carry', () => {
    assert.equal(escapeXml(`<a href="x">&'`), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
    assert.equal(escapeXml('a\u0000b\u001Fc\uD800d'), 'abcd');
    assert.equal(escapeXml('emoji 😀 ok'), 'emoji 😀 ok');
  });

  it('is deterministic: the same input gives the same bytes', async () => {
    const a = check(CHECKOUT);
    const b = check(CHECKOUT);
    assert.equal(await renderDiagramSvg(a.model, a.diagnostics), await renderDiagramSvg(b.model, b.diagnostics));
  });

  it('marks what dies in a zone-loss view and the highlighted element', async () => {
    const { model, diagnostics } = check(`region r { zones a, b }
gateway edge { replicas 2; zones a, b; routes app }
service app { replicas 1; zones a; writes db }
store db { replicas 2; zones a, b }
`);
    const diagram = toDiagram(model, diagnostics);
    const layout = await layoutDiagram(diagram);
    const svg = renderSvg(diagram, layout, { zoneLoss: 'a', highlight: 'db' });
    assert.ok(svg.includes('fl-zone-loss-mode'));
    assert.match(svg, /<g class="fl-node fl-kind-service[^"]* fl-dead[^"]*" data-name="app"/);
    assert.match(svg, /<g class="fl-node fl-kind-gateway[^"]* fl-affected[^"]*" data-name="edge"/);
    assert.match(svg, /<g class="fl-node fl-kind-store[^"]* fl-highlight[^"]*" data-name="db"/);
    assert.ok(svg.includes('fl-zone-lost'));
    assert.ok(!renderSvg(diagram, layout).includes('fl-dead'));
  });

  it('renders an empty model', async () => {
    const { model, diagnostics } = check('');
    const svg = await renderDiagramSvg(model, diagnostics);
    assert.ok(svg.includes('<g class="fl-nodes"></g>'));
  });
});
