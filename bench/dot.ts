import { nodeGeometry, containerLabel } from '../diagram/layout';
import { nodeId, type DiagramContainer, type DiagramModel } from '../diagram/model';

/*
 * The same diagram model as Graphviz input, for the peer of `faultline diagram` in bench/startup.bench.ts: every
 * node with the size our layout gives it (fixed, in inches at 72 px), regions and zones as nested clusters,
 * every edge with its label, left to right as the CLI draws. Graphviz routes splines (its default); ELK routes
 * orthogonal edges, which is more work — `splines=ortho` in dot drops edge labels, so it is not the fairer peer.
 */

const quote = (s: string) => `"${s.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, ' ')}"`;
const inches = (px: number) => (px / 72).toFixed(3);

export function toDot(diagram: DiagramModel): string {
  const out: string[] = ['digraph faultline {', '  rankdir=LR;', '  node [shape=box, fixedsize=true, fontsize=10];', '  edge [fontsize=10];'];
  const children = new Map<string | undefined, DiagramContainer[]>();
  for (const c of diagram.containers) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  const nodesIn = new Map<string | undefined, string[]>();
  for (const n of diagram.nodes) {
    const g = nodeGeometry(n);
    const line = `${quote(n.id)} [label=${quote(n.name)}, width=${inches(g.width)}, height=${inches(g.height)}];`;
    nodesIn.set(n.parent, [...(nodesIn.get(n.parent) ?? []), line]);
  }
  const emit = (parent: string | undefined, indent: string) => {
    for (const line of nodesIn.get(parent) ?? []) out.push(`${indent}${line}`);
    for (const c of children.get(parent) ?? []) {
      out.push(`${indent}subgraph ${quote(`cluster_${c.id}`)} {`, `${indent}  label=${quote(containerLabel(c))};`);
      emit(c.id, `${indent}  `);
      out.push(`${indent}}`);
    }
  };
  emit(undefined, '  ');
  for (const e of diagram.edges) {
    out.push(`  ${quote(nodeId(e.from))} -> ${quote(nodeId(e.to))}${e.label ? ` [label=${quote(e.label)}]` : ''};`);
  }
  out.push('}', '');
  return out.join('\n');
}
