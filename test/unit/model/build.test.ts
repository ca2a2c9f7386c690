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
    assert.deepEqual(summary(`service a { writes b }\nservice b`), ['1:20 reference: `writes` expects a store or a cache; `b` is a service']);
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
