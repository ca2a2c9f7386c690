import { containerLabel, edgeLabelSize, nodeGeometry } from '../diagram/layout';
import { nodeId, type DiagramModel } from '../diagram/model';

/*
 * The same diagram model as input for the dagre peer of `faultline diagram` (bench/startup.bench.ts runs
 * bench/dagre-layout.mjs on it as a process of its own): what bench/dot.ts gives Graphviz — every node with the
 * size our layout gives it, regions and zones as nested clusters (only those with a node inside: dagre has no
 * notion of an empty cluster), every edge with its label's size, left to right.
 */

export interface DagreInput {
  nodes: { id: string; label: string; width: number; height: number; parent?: string }[];
  clusters: { id: string; label: string; parent?: string }[];
  edges: { id: string; from: string; to: string; label?: string; width?: number; height?: number }[];
}

export function toDagreInput(diagram: DiagramModel): DagreInput {
  const parentOf = new Map(diagram.containers.map((c) => [c.id, c.parent] as const));
  const occupied = new Set<string>();
  for (const n of diagram.nodes) {
    for (let p = n.parent, depth = 0; p !== undefined && depth < 8; p = parentOf.get(p), depth++) occupied.add(p);
  }
  return {
    nodes: diagram.nodes.map((n) => {
      const g = nodeGeometry(n);
      return { id: n.id, label: n.name, width: g.width, height: g.height, ...(n.parent !== undefined ? { parent: n.parent } : {}) };
    }),
    clusters: diagram.containers.filter((c) => occupied.has(c.id)).map((c) => ({ id: c.id, label: containerLabel(c), ...(c.parent !== undefined ? { parent: c.parent } : {}) })),
    edges: diagram.edges.map((e) => ({ id: e.id, from: nodeId(e.from), to: nodeId(e.to), ...(e.label ? { label: e.label, ...edgeLabelSize(e.label) } : {}) })),
  };
}
