import { compareStrings } from '../../language/compare';
import type { ArchModel, Call, Element } from '../../language/model/types';
import { callsOfOperation, syncEdges, type SyncEdge } from './graph';

/*
 * The synchronous graph as flat arrays, for the passes over it (calls.ts: retry amplification and worst-case time;
 * load.ts: the load that reaches each element), built once here. Nodes are elements (first, in model order), then one node per
 * service operation that lists its calls; each node's out-edges in a fixed order, each node's in-edges by source
 * name. What differs between the two is which edges a node has and how ties between edges sort: `EdgeGraphSpec`.
 */

export interface EdgeGraphSpec {
  /** Which of an element's sync edges its node has. */
  keep(edge: SyncEdge): boolean;
  /** Which of its service's kept edges an operation's node has (`made`: the calls that operation makes). */
  keepForOperation(edge: SyncEdge, made: ReadonlySet<Call>): boolean;
  /** Attempts downstream per attempt of the caller (calls.ts `edgeFactor`). */
  factor(edge: SyncEdge): number;
  /** Breaks ties between edges to the same node with the same factor (then the source position does). */
  label(edge: SyncEdge): string;
  /** Whether each element's operation nodes are listed in `nodesOf` in name order (else declaration order). */
  operationsByName: boolean;
}

export interface EdgeGraph {
  n: number;
  /** Node names: the element's, or `service.operation` for an operation's node. */
  names: string[];
  /** The element each node belongs to. */
  elementOf: string[];
  /** Position of each name in code-point order. */
  rank: Int32Array;
  /** Out-edges of node v: ids outStart[v] … outStart[v+1]−1, by (target name, factor descending, label, position). */
  outStart: Int32Array;
  edges: SyncEdge[];
  from: Int32Array;
  to: Int32Array;
  /** Attempts downstream per attempt of the caller (retries, under a retry budget less); routes, reads, writes 1. */
  factor: Float64Array;
  /** In-edges of node v: inEdges[inStart[v] … inStart[v+1]−1], by (source name, out-edge order). */
  inStart: Int32Array;
  inEdges: Int32Array;
  /** Nodes of each element: its own, then its operations'. */
  nodesOf: Map<string, number[]>;
  /** `service.operation` → its node, for operations that list calls. */
  operationNode: Map<string, number>;
  /** Element name → its node. */
  elementNode: Map<string, number>;
}

export function buildEdgeGraph(model: ArchModel, spec: EdgeGraphSpec): EdgeGraph {
  const elements: Element[] = [...model.elements.values()];
  const names = elements.map((e) => e.name);
  const elementOf = names.slice();
  const index = new Map<string, number>();
  names.forEach((name, i) => index.set(name, i));
  const nodeEdges: SyncEdge[][] = elements.map((e) => syncEdges(model, e).filter(spec.keep));
  const operationNode = new Map<string, number>();
  const nodesOf = new Map<string, number[]>(names.map((name, i) => [name, [i]]));
  for (const e of elements) {
    if (e.kind !== 'service') continue;
    for (const op of e.operations.values()) {
      if (op.calls.length === 0) continue;
      const made = new Set(callsOfOperation(e, op));
      const node = names.length;
      names.push(`${e.name}.${op.name}`);
      elementOf.push(e.name);
      nodeEdges.push(nodeEdges[index.get(e.name)!]!.filter((x) => spec.keepForOperation(x, made)));
      operationNode.set(`${e.name}.${op.name}`, node);
      nodesOf.get(e.name)!.push(node);
    }
  }
  if (spec.operationsByName) {
    for (const list of nodesOf.values()) if (list.length > 2) list.splice(1, list.length - 1, ...list.slice(1).sort((a, b) => compareStrings(names[a]!, names[b]!)));
  }
  const n = names.length;
  const byName = names.map((_, i) => i).sort((a, b) => compareStrings(names[a]!, names[b]!));
  const rank = new Int32Array(n);
  byName.forEach((v, r) => (rank[v] = r));

  /** The node an edge goes to: the operation's node when the target's operation lists calls, else the element's. */
  const target = (e: SyncEdge): number | undefined => {
    const op = e.call?.operation;
    if (op !== undefined) {
      const node = operationNode.get(`${e.to}.${op}`);
      if (node !== undefined) return node;
    }
    return index.get(e.to);
  };
  const { factor: edgeFactor, label } = spec;
  const edges: SyncEdge[] = [];
  const edgeTo: number[] = [];
  const outStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    outStart[v] = edges.length;
    const own: { e: SyncEdge; t: number }[] = [];
    for (const e of nodeEdges[v]!) if (index.has(e.to)) own.push({ e, t: target(e)! });
    own.sort(
      ({ e: a, t: ta }, { e: b, t: tb }) =>
        rank[ta]! - rank[tb]! ||
        (edgeFactor(a) === edgeFactor(b) ? 0 : edgeFactor(a) > edgeFactor(b) ? -1 : 1) ||
        compareStrings(label(a), label(b)) ||
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
    for (const { e, t } of own) {
      edges.push(e);
      edgeTo.push(t);
    }
  }
  outStart[n] = edges.length;
  const m = edges.length;
  const from = new Int32Array(m);
  const to = Int32Array.from(edgeTo);
  const factor = new Float64Array(m);
  const inCount = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) {
    for (let e = outStart[v]!; e < outStart[v + 1]!; e++) {
      from[e] = v;
      factor[e] = edgeFactor(edges[e]!);
      inCount[to[e]! + 1]!++;
    }
  }
  const inStart = new Int32Array(n + 1);
  for (let v = 0; v < n; v++) inStart[v + 1] = inStart[v]! + inCount[v + 1]!;
  const fill = inStart.slice(0, n);
  const inEdges = new Int32Array(m);
  // Sources in name order, each one's edges in out-edge order: every in-list comes out sorted by (source name, id).
  for (const v of byName) for (let e = outStart[v]!; e < outStart[v + 1]!; e++) inEdges[fill[to[e]!]!++] = e;
  return { n, names, elementOf, rank, outStart, edges, from, to, factor, inStart, inEdges, nodesOf, operationNode, elementNode: index };
}
