import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { ArchModel, Element } from '../../language/model/types';
import { buildModelFromText } from '../../language/model/build';
import { entryPoints, syncEdges, syncReach, MAX_KEEP } from './graph';

const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

type Kind = 'gateway' | 'service' | 'store';
interface Spec {
  kinds: Kind[];
  /** [from, to, async] — from a store the edge is dropped (stores have no outgoing edges). */
  edges: [number, number, boolean][];
  entries: boolean[];
}

/** A model with only what the graph analysis reads: kinds, routes, calls, reads, writes, `entry`. */
function fakeModel(spec: Spec): ArchModel {
  const elements = new Map<string, Element>();
  spec.kinds.forEach((kind, i) => {
    const e: Record<string, unknown> = { name: `n${i}`, kind, entry: spec.entries[i] ?? false, routes: [], calls: [], reads: [], writes: [], nameRange: R };
    elements.set(`n${i}`, e as unknown as Element);
  });
  spec.edges.forEach(([from, to, async], k) => {
    const e = elements.get(`n${from}`) as unknown as Record<string, unknown[]> & { kind: Kind };
    const target = `n${to}`;
    if (e.kind === 'gateway') e.routes!.push({ target, range: R });
    else if (e.kind === 'service') {
      if (k % 3 === 0) e.calls!.push({ mode: async ? 'async' : 'sync', target, targetRange: R });
      else if (k % 3 === 1) e.reads!.push({ target, targetRange: R });
      else e.writes!.push({ target, targetRange: R });
    }
  });
  return { elements, regions: new Map() } as unknown as ArchModel;
}

/** The semantics before the one-pass analysis: one breadth-first walk per start, every start that reaches each element. */
function naiveReach(model: ArchModel, starts: readonly Element[]): Map<string, string[]> {
  const reachedBy = new Map<string, string[]>();
  for (const entry of starts) {
    const seen = new Set<string>([entry.name]);
    const queue = [entry.name];
    for (let head = 0; head < queue.length; head++) {
      const name = queue[head]!;
      const list = reachedBy.get(name) ?? [];
      if (!list.includes(entry.name)) list.push(entry.name);
      reachedBy.set(name, list);
      for (const edge of syncEdges(model, model.elements.get(name)!)) {
        if (!seen.has(edge.to)) {
          seen.add(edge.to);
          queue.push(edge.to);
        }
      }
    }
  }
  return reachedBy;
}

const spec = (maxNodes: number): fc.Arbitrary<Spec> =>
  fc.integer({ min: 1, max: maxNodes }).chain((n) =>
    fc.record({
      kinds: fc.array(fc.constantFrom<Kind>('service', 'service', 'gateway', 'store'), { minLength: n, maxLength: n }),
      edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.boolean()), { maxLength: n * 3 }),
      entries: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    }),
  );

function assertSame(model: ArchModel, starts: readonly Element[], keep: number, reach = syncReach(model, { starts, keep })) {
  const naive = naiveReach(model, starts);
  assert.deepEqual(reach.reached, [...naive.keys()]);
  assert.equal(reach.stopped, undefined);
  for (const name of model.elements.keys()) {
    const all = naive.get(name) ?? [];
    assert.equal(reach.has(name), all.length > 0, name);
    assert.deepEqual(reach.reachers(name), all.slice(0, keep), name);
  }
}

describe('syncReach', () => {
  it('matches one walk per start on random graphs (cycles, self-loops, unreachable parts, async calls)', () => {
    fc.assert(
      fc.property(spec(14), fc.integer({ min: 1, max: MAX_KEEP }), fc.array(fc.nat(13), { maxLength: 8 }), (s, keep, picks) => {
        const model = fakeModel(s);
        const all = [...model.elements.values()];
        // Default starts (the entry points, memoized per keep) and an arbitrary start list with duplicates.
        assertSame(model, entryPoints(model), keep, syncReach(model, { keep }));
        assertSame(model, picks.filter((p) => p < all.length).map((p) => all[p]!), keep);
      }),
      { numRuns: 400 },
    );
  });

  it('answers the same on a parsed file with gateways, reads and writes', () => {
    const m = buildModelFromText(
      `gateway a { routes x }\ngateway b { routes y, x }\nservice x { call y; reads db }\nservice y { call x; writes db; publishes q { outbox } }\n` +
        `store db\nqueue q\nservice lone { call x }\n`,
    );
    const gateways = [...m.elements.values()].filter((e) => e.kind === 'gateway');
    assertSame(m, gateways, 2);
    const r = syncReach(m, { starts: gateways, keep: 2 });
    assert.deepEqual(r.reached, ['a', 'x', 'y', 'db', 'b']);
    assert.deepEqual(r.reachers('db'), ['a', 'b']);
    assert.equal(r.has('lone'), false);
    assert.equal(r.has('q'), false);
  });

  it('walks a 100,000-element chain without overflowing the stack, every element an entry', () => {
    const n = 100_000;
    const model = fakeModel({ kinds: Array(n).fill('service'), edges: Array.from({ length: n - 1 }, (_, i) => [i, i + 1, false] as [number, number, boolean]), entries: [] });
    // No element is marked `entry` and there is no gateway: every service is an entry point.
    const r = syncReach(model, { keep: 5 });
    assert.equal(r.stopped, undefined);
    assert.equal(r.reached.length, n);
    assert.deepEqual(r.reachers(`n${n - 1}`), ['n0', 'n1', 'n2', 'n3', 'n4']);
    assert.deepEqual(r.reachers('n1'), ['n0', 'n1']);
  });

  it('stops at the global step budget and says so', () => {
    const n = 1000;
    const model = fakeModel({ kinds: Array(n).fill('service'), edges: Array.from({ length: n - 1 }, (_, i) => [i, i + 1, false] as [number, number, boolean]), entries: [] });
    const r = syncReach(model, { keep: 1, budget: 500 });
    assert.deepEqual(r.stopped, { steps: 500 });
    assert.ok(r.reached.length < n);
    // The budget is for the whole analysis, not per start: one pass of 1,000 elements and 999 edges fits in 2,000.
    assert.equal(syncReach(model, { keep: 1, budget: 2000 }).stopped, undefined);
  });
});

describe('clients (SPEC §5.1)', () => {
  const m = buildModelFromText(
    `region r { zones a, b }\nclient web { call edge { timeout 5s; retry 2 } }\nclient batch { call api.report { timeout 1m } }\n` +
      `gateway edge { replicas 2; zones a, b; routes api }\nservice api { replicas 2; zones a, b; operation report; call db-proxy }\nservice db-proxy { replicas 1; zones a }\nservice admin { entry }\n`,
  );
  it('entry points are what clients call, plus gateways and `entry` elements; never the clients', () => {
    assert.deepEqual(m.diagnostics.map((d) => d.message), []);
    assert.deepEqual(entryPoints(m).map((e) => e.name), ['edge', 'api', 'admin']);
  });
  it("a client's sync calls are edges, so chains start at it; it is never reached nor deployed", () => {
    assert.deepEqual(syncEdges(m, m.elements.get('web')!).map((e) => `${e.kind} ${e.from}→${e.to}`), ['call web→edge']);
    const reach = syncReach(m);
    assert.ok(!reach.has('web') && !reach.has('batch'));
    assert.ok(reach.has('db-proxy'));
  });
});
