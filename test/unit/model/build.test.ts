import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../../language/model/build';
import type { Call, Service, Store } from '../../../language/model/types';

const at = (d: { range: { start: { line: number; character: number } } }) => `${d.range.start.line + 1}:${d.range.start.character + 1}`;
const summary = (text: string) => buildModelFromText(text).diagnostics.map((d) => `${at(d)} ${d.rule}: ${d.message}`);

describe('model building', () => {
  it('reads the SPEC example into typed elements with defaults and placement', () => {
    const model = buildModelFromText(`region us-east { zones use1-a, use1-b, use1-c }
service orders "Order service" {
  replicas 4
  zones use1-a, use1-b, use1-c
  call payments.charge {
    timeout 800ms
    retry 3
    backoff exponential 100ms..2s
    jitter full
    idempotency-key order_id
  }
  writes orders-db
  publishes order-events { outbox }
}
external payments { operation charge }
queue order-events
store orders-db {
  replication leader-follower
  election-timeout 150ms..300ms
  consistency bounded-staleness 5s
  holds money, inventory
}
`);
    assert.deepEqual(model.diagnostics, []);
    const orders = model.elements.get('orders') as Service;
    assert.equal(orders.title, 'Order service');
    assert.deepEqual(
      orders.placement.map((r) => r.zone),
      ['use1-a', 'use1-b', 'use1-c', 'use1-a'],
    );
    assert.equal(orders.placement[0]!.region, 'us-east');
    const call = orders.calls[0] as Call;
    assert.equal(call.target, 'payments');
    assert.equal(call.operation, 'charge');
    assert.equal(call.timeoutMs, 800);
    assert.equal(call.retry, 3);
    assert.deepEqual(call.backoff, { kind: 'exponential', baseMs: 100, maxMs: 2000 });
    assert.equal(call.mode, 'sync');
    assert.equal(orders.publishes[0]!.outbox, true);
    const db = model.elements.get('orders-db') as Store;
    assert.equal(db.replicas, 1, 'replicas default to 1');
    assert.equal(db.syncFollowers, 0, 'sync-followers default to 0');
    assert.deepEqual(db.electionTimeout, { min: 150, max: 300 });
    assert.deepEqual(db.consistency, { level: 'bounded-staleness', stalenessMs: 5000 });
    assert.deepEqual(db.holds, ['money', 'inventory']);
  });

  it('gateways are entry points by default, services only when marked', () => {
    const model = buildModelFromText(`gateway edge { routes api }\nservice api { entry }\nservice worker`);
    assert.equal((model.elements.get('edge') as { entry: boolean }).entry, true);
    assert.equal((model.elements.get('api') as Service).entry, true);
    assert.equal((model.elements.get('worker') as Service).entry, false);
  });

  it('reports unknown kinds and properties with a suggestion', () => {
    assert.deepEqual(summary(`servce api\nservice b { replica 3 }`), [
      "1:1 schema: unknown element kind `servce`; did you mean `service`?",
      '2:13 schema: unknown property `replica` in service `b`; did you mean `replicas`?',
    ]);
  });

  it('reports wrong value types and out-of-range values on the value', () => {
    assert.deepEqual(summary(`service a {\n  replicas three\n}\nservice b { replicas 0 }\nstore c { consistency strng }\nservice d { call a { timeout 800 } }`), [
      '2:12 schema: `replicas` expects a whole number, got `three`',
      '4:22 schema: `replicas` must be at least 1',
      '5:23 schema: `consistency` expects one of linearizable, strong, sequential, causal, read-your-writes, monotonic-reads, bounded-staleness, eventual; got `strng`; did you mean `strong`?',
      '6:30 schema: `timeout` expects a duration (150ms, 2s, 5m), got `800`',
    ]);
  });

  it('reports a quorum larger than the replicas', () => {
    assert.deepEqual(summary(`store s { replicas 3; replication leaderless; write-quorum 4; read-quorum 2 }`), [
      '1:47 schema: `write-quorum 4` exceeds the 3 replicas of `s`: no write could ever succeed',
    ]);
  });

  it('reports undeclared elements, operations and zones', () => {
    assert.deepEqual(
      summary(`region r { zones a, b }\nservice api {\n  zones a, c\n  call pay.chrge\n  writes ordrs\n}\nexternal pay { operation charge }\nstore orders`),
      [
        '3:12 reference: zone `c` is not declared in any region; declared zones: a, b',
        '4:12 reference: `pay` has no operation `chrge`; did you mean `charge`?',
        '5:10 reference: `ordrs` is not declared; did you mean `orders`?',
      ],
    );
  });

  it('reports a reference to the wrong kind of element', () => {
    assert.deepEqual(summary(`service a { writes b }\nservice b`), ['1:20 reference: `writes` expects a store, a cache or a cluster; `b` is a service']);
  });

  it('reports names declared twice and properties set twice', () => {
    assert.deepEqual(summary(`service a\nstore a\nservice b {\n  replicas 2\n  replicas 3\n}`), [
      '2:7 duplicate: `a` is already declared at 1:9 (as a service); names are unique per file',
      '5:3 duplicate: `replicas` is set twice in service `b`; the first is at 4:3',
    ]);
  });

  it('keeps syntax errors and still builds the elements after them', () => {
    const model = buildModelFromText(`service a {\n  replicas 3 }}\nservice b { replicas 2 }`);
    assert.deepEqual(model.diagnostics.map((d) => d.rule), ['syntax']);
    assert.equal((model.elements.get('b') as Service).replicas, 2);
  });

  it('reads network overrides', () => {
    const model = buildModelFromText(`network { cross-zone 2ms..4ms; loss 1% }`);
    assert.deepEqual(model.network.crossZone, { min: 2, max: 4 });
    assert.deepEqual(model.network.sameZone, { min: 0.5, max: 1 });
    assert.equal(model.network.lossPercent, 1);
  });
});

describe('model building: limits', () => {
  it('refuses a replica count past 10,000 (a typo, not a design)', () => {
    assert.deepEqual(summary(`service a { replicas 999999999999 }`), ['1:22 schema: `replicas` must be at most 10000']);
  });
});

describe('model building: the review-depth vocabulary of SPEC §5.1', () => {
  it('reads every new property into the typed model, defaults applied', () => {
    const model = buildModelFromText(`region r { zones a, b, c }
client web "Browsers" { instances 20000; load 1200; call api.checkout { timeout 3s; retry 2; retry-budget 10% } }
gateway edge { load 300; capacity 500; routes api }
service api {
  replicas 3; zones a, b, c; capacity 400; scope regional
  operation checkout { idempotent; calls pay.charge, stock }
  operation status
  call pay.charge { timeout 1s; retry-budget 20% }
  call stock.reserve { timeout 200ms }
  reads cfg { from followers; read-index }
  writes cfg
}
service stock { scope zonal; operation reserve { idempotent } }
external pay { operation charge { idempotent } }
cache pay-cache { for pay; ttl 1m }
cluster cfg { replicas 3; zones a, b, c; consensus raft; election-quorum 2; failover-scope region }
store db { replicas 3; zones a, b, c; replication leader-follower; sync-followers 1; failover automatic; election bully; election-quorum 2; promote in-sync; failover-scope zone; fencing }
queue events { replicas 3; zones a, b, c; replication leader-follower; sync-followers 1; failover automatic; election zab; election-quorum 2; promote any; fencing; heartbeat 100ms; election-timeout 300ms..600ms }
`);
    assert.deepEqual(model.diagnostics.map((d) => d.message), []);
    const web = model.elements.get('web')!;
    assert.ok(web.kind === 'client');
    assert.deepEqual([web.title, web.instances, web.load, web.calls[0]!.retryBudget, web.calls[0]!.operation], ['Browsers', 20000, 1200, 10, 'checkout']);
    const edge = model.elements.get('edge')!;
    assert.ok(edge.kind === 'gateway');
    assert.deepEqual([edge.load, edge.capacity, edge.scope], [300, 500, 'regional']);
    const api = model.elements.get('api')!;
    assert.ok(api.kind === 'service');
    assert.deepEqual(
      api.operations.get('checkout')!.calls.map((c) => [c.target, c.operation]),
      [
        ['pay', 'charge'],
        ['stock', undefined],
      ],
    );
    assert.deepEqual(api.operations.get('status')!.calls, []);
    assert.deepEqual([api.capacity, api.load, api.reads[0]!.readIndex, api.reads[0]!.target, api.writes[0]!.target], [400, undefined, true, 'cfg', 'cfg']);
    assert.equal((model.elements.get('stock') as Service).scope, 'zonal');
    const cache = model.elements.get('pay-cache')!;
    assert.ok(cache.kind === 'cache' && cache.for === 'pay');
    const cfg = model.elements.get('cfg')!;
    assert.ok(cfg.kind === 'cluster');
    assert.deepEqual([cfg.electionQuorum, cfg.promote, cfg.failoverScope], [2, 'in-sync', 'region']);
    const db = model.elements.get('db') as Store;
    assert.deepEqual([db.electionQuorum, db.promote, db.failoverScope], [2, 'in-sync', 'zone']);
    const events = model.elements.get('events')!;
    assert.ok(events.kind === 'queue');
    assert.deepEqual(
      [events.replication, events.syncFollowers, events.failover, events.election, events.electionQuorum, events.promote, events.failoverScope, events.fencing, events.heartbeatMs, events.electionTimeout],
      ['leader-follower', 1, 'automatic', 'zab', 2, 'any', 'any', true, 100, { min: 300, max: 600 }],
    );
    assert.equal(api.reads[0]!.readIndex && !(model.elements.get('api') as Service).calls[0]!.retry, true);
  });

  it('reports what is wrong, and why', () => {
    assert.deepEqual(
      summary(`store a { replicas 3; election raft; election-quorum 1 }
cluster b { replicas 5; election-quorum 2 }
store c { replicas 3; replication leader-follower; failover automatic; election bully; election-quorum 4; fencing }
queue d { replicas 2; replication multi-leader; sync-followers 2 }
service e { load 50; call f }
service f {}
client g { call h.missing }
service h { operation run { calls f }; operation other { calls e.x } }
service e2 { entry; load 10 }
`).sort(),
      [
        "1:38 schema: `election-quorum 1` is below the majority of `a`'s 3 members (2): election raft always needs a majority — consensus elects and commits with ⌊N/2⌋ + 1 votes, and a smaller quorum would let both sides of a partition elect a leader; remove it or set it to 2 or more",
        "2:25 schema: `election-quorum 2` is below the majority of `b`'s 5 members (3): a cluster (taken to run consensus) always needs a majority — consensus elects and commits with ⌊N/2⌋ + 1 votes, and a smaller quorum would let both sides of a partition elect a leader; remove it or set it to 3 or more",
        '3:88 schema: `election-quorum 4` exceeds the 3 replicas of `c`: no candidate could ever collect 4 votes, so no leader would ever be elected',
        '4:35 schema: `replication` expects one of none, leader-follower; got `multi-leader`',
        '4:49 schema: `sync-followers 2` needs at least 3 replicas; `d` has 2',
        // `e` is not an entry point (the client calls `h`), `e2` is (`entry`).
        '5:13 schema: `load` is the peak request rate arriving at an entry point, and `e` is not one (entry points are gateways, elements marked `entry` and what clients call): mark it `entry`, or declare the load on the gateway or client it comes from',
        '7:19 reference: `h` has no operation `missing`; it declares run, other',
        '8:35 reference: operation `run` lists `calls f`, but `h` has no `call f`; it declares no calls — declare the call (its timeout and retries) in `h`',
        // `e` declares no operations, so any operation name is accepted (docs/spec-changes.md); the call is still missing.
        '8:64 reference: operation `other` lists `calls e.x`, but `h` has no `call e.x`; it declares no calls — declare the call (its timeout and retries) in `h`',
      ].sort(),
    );
  });
});
