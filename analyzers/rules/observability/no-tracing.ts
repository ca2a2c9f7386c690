import { compareStrings } from '../../../language/compare';
import type { TextEdit } from '../../../language/diagnostic';
import type { ArchModel, Service } from '../../../language/model/types';
import { syncEdges } from '../../analysis/graph';
import { insertProperty, replaceValue } from '../../analysis/block-edits';
import { OBSERVABILITY } from '../../../language/vocabulary/enums';
import type { Rule } from '../types';

/** A chain this many synchronous call hops long is where a request can no longer be followed by hand. */
const MIN_HOPS = 3;
/** Bound on DFS steps over the whole file; the 3-hop depth bound already keeps it polynomial. */
const MAX_STEPS = 200_000;

function traces(s: Service): boolean {
  return s.observability.has('tracing') || s.provides.tracing;
}

/** Next elements over request hops: gateway `routes` and sync `call`s (reads/writes end at a store, not a hop). */
function hopGraph(model: ArchModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const e of model.elements.values()) {
    out.set(e.name, [...new Set(syncEdges(model, e).flatMap((x) => (x.kind === 'route' || x.kind === 'call' ? [x.to] : [])))]);
  }
  return out;
}

/** Chains of one length, name by name in code-point order: the tie-break that makes the chain shown independent of declaration order. */
function compareChains(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareStrings(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * Every service without tracing that lies on a simple chain of ≥ 3 hops, with one such chain (the first in
 * code-point order of the names, not the first found). Every node of a longer chain lies in one of its 3-hop
 * windows, so enumerating simple 3-hop paths is exact.
 */
function untracedOnChains(model: ArchModel): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const hops = hopGraph(model);
  let steps = 0;
  const visit = (path: string[]) => {
    if (++steps > MAX_STEPS) return;
    if (path.length === MIN_HOPS + 1) {
      for (const name of path) {
        const e = model.elements.get(name);
        if (e?.kind !== 'service' || traces(e)) continue;
        const seen = found.get(name);
        if (!seen || compareChains(path, seen) < 0) found.set(name, [...path]);
      }
      return;
    }
    for (const next of hops.get(path[path.length - 1]!) ?? []) if (!path.includes(next)) visit([...path, next]);
  };
  for (const e of model.elements.values()) if (e.kind === 'gateway' || e.kind === 'service') visit([e.name]);
  return found;
}

function addTracing(model: ArchModel, s: Service): TextEdit {
  const property = s.props.statement('observability');
  const last = property?.atoms[property.atoms.length - 1];
  // A value the model rejected (`observability bogus, logs`, `observability logs metrics`: no signal read) is not
  // extended, which would keep it rejected: it is rewritten as its known signals and tracing.
  if (property && last && s.observability.size === 0) {
    const known = new Set(property.atoms.map((a) => a.text).filter((t) => t !== 'tracing' && (OBSERVABILITY as readonly string[]).includes(t)));
    return replaceValue(property, [...known, 'tracing'].join(', '));
  }
  if (last) return { range: { start: last.range.end, end: last.range.end }, newText: ', tracing' };
  return insertProperty(s.statement, 'observability tracing', model.document);
}

export const noTracing: Rule = {
  id: 'observability/no-tracing',
  severity: 'info',
  description: 'A synchronous call chain of depth 3 or more through services without tracing.',
  fixable: true,
  check({ model, report }) {
    for (const [name, chain] of untracedOnChains(model)) {
      const s = model.elements.get(name) as Service;
      const others = chain.filter((x) => x !== name);
      report({
        range: s.nameRange,
        message: `\`${name}\` has no tracing (neither \`observability tracing\` nor a sidecar/ambassador providing it) and sits on a ${chain.length - 1}-hop synchronous call chain ${chain.join(' → ')}: when a request through it is slow or fails, the spans stop here and the latency cannot be attributed to a hop; add tracing`,
        related: others.flatMap((x) => {
          const e = model.elements.get(x);
          return e ? [{ message: `\`${x}\` is on the same call chain`, range: e.nameRange }] : [];
        }),
        fixes: [{ title: 'Add `observability tracing`', edits: [addTracing(model, s)] }],
      });
    }
  },
};
