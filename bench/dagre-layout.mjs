// The dagre peer of `faultline diagram --out` (bench/startup.bench.ts), timed as a whole process like `dot -Tsvg`:
//   node bench/dagre-layout.mjs GRAPH.json OUT.svg
// Reads the graph bench/dagre.ts writes (the same nodes, sizes, clusters and edge labels Graphviz gets), lays it
// out with @dagrejs/dagre (left to right, our spacings), and writes a plain SVG of it: boxes with names, cluster
// boxes, edges as polylines through dagre's points, edge labels. So the time is Node's start-up, loading dagre,
// reading and parsing the JSON, the layout and writing the SVG; it does not parse an .arch file (nor does dot).
import dagre from '@dagrejs/dagre';
import { readFileSync, writeFileSync } from 'node:fs';

const [input, out] = process.argv.slice(2);
if (!input || !out) {
  process.stderr.write('usage: node bench/dagre-layout.mjs GRAPH.json OUT.svg\n');
  process.exit(2);
}
const data = JSON.parse(readFileSync(input, 'utf8'));
const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
g.setGraph({ rankdir: 'LR', nodesep: 28, ranksep: 56, edgesep: 10, marginx: 16, marginy: 16 });
g.setDefaultEdgeLabel(() => ({}));
for (const c of data.clusters) g.setNode(c.id, { label: c.label, clusterLabelPos: 'top', paddingTop: 30, paddingLeft: 14, paddingRight: 14, paddingBottom: 14 });
for (const c of data.clusters) if (c.parent !== undefined) g.setParent(c.id, c.parent);
for (const n of data.nodes) {
  g.setNode(n.id, { label: n.label, width: n.width, height: n.height });
  if (n.parent !== undefined) g.setParent(n.id, n.parent);
}
for (const e of data.edges) g.setEdge(e.from, e.to, e.label ? { label: e.label, width: e.width, height: e.height, labelpos: 'c' } : {}, e.id);
dagre.layout(g);

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (n) => Math.round(n * 10) / 10;
const { width, height } = g.graph();
const svg = [`<svg xmlns="http://www.w3.org/2000/svg" width="${num(width)}" height="${num(height)}" viewBox="0 0 ${num(width)} ${num(height)}" font-family="sans-serif">`];
for (const c of data.clusters) {
  const b = g.node(c.id);
  svg.push(`<g class="cluster"><rect x="${num(b.x - b.width / 2)}" y="${num(b.y - b.height / 2)}" width="${num(b.width)}" height="${num(b.height)}" fill="none" stroke="#888"/><text x="${num(b.x - b.width / 2 + 12)}" y="${num(b.y - b.height / 2 + 18)}" font-size="12">${esc(c.label)}</text></g>`);
}
for (const n of data.nodes) {
  const b = g.node(n.id);
  svg.push(`<g class="node"><rect x="${num(b.x - b.width / 2)}" y="${num(b.y - b.height / 2)}" width="${num(b.width)}" height="${num(b.height)}" rx="4" fill="#fff" stroke="#333"/><text x="${num(b.x)}" y="${num(b.y)}" text-anchor="middle" font-size="13">${esc(n.label)}</text></g>`);
}
for (const e of g.edges()) {
  const d = g.edge(e);
  const points = (d.points ?? []).map((p) => `${num(p.x)},${num(p.y)}`).join(' ');
  svg.push(`<g class="edge"><polyline points="${points}" fill="none" stroke="#555"/>${d.label ? `<text x="${num(d.x)}" y="${num(d.y)}" text-anchor="middle" font-size="10">${esc(d.label)}</text>` : ''}</g>`);
}
svg.push('</svg>', '');
writeFileSync(out, svg.join('\n'));
