import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkText } from '../../../analyzers/check';
import { callLabel, formatDuration, toDiagram, zoneLossView } from '../../../analyzers/diagram/to-diagram';
import { nodeAt } from '../../../diagram/model';
import { DiagramSchema } from '../../../diagram/protocol';

const diagramOf = (text: string) => {
  const { model, diagnostics } = checkText(text);
  return { model, diagram: toDiagram(model, diagnostics) };
};

const SPEC_EXAMPLE = `region us-east { zones use1-a, use1-b, use1-c }

gateway edge { replicas 2; zones use1-a, use1-b; health-check 5s; routes orders }

service orders "Order service" {
  replicas 3
  zones use1-a, use1-b, use1-c
  call payments.charge { timeout 800ms; retry 3; backoff exponential 100ms..2s; jitter full; idempotency-key order_id }
  writes orders-db
  publishes order-events { outbox }
}

service payments { replicas 2; zones use1-a; operation charge { idempotent } }
store orders-db { replicas 1; zones use1-b }
queue order-events { replicas 3; zones use1-a, use1-b, use1-c }
external stripe
scenario s { target orders-db }
`;

describe('toDiagram', () => {
  it('nests regions and zones, and places elements by their zones', () => {
    const { diagram } = diagramOf(SPEC_EXAMPLE);
    assert.deepEqual(
      diagram.containers.map((c) => `${c.id}<${c.parent ?? ''}`),
      ['r:us-east<', 'z:use1-a<r:us-east', 'z:use1-b<r:us-east', 'z:use1-c<r:us-east'],
    );
    const parent = (name: string) => diagram.nodes.find((n) => n.name === name)?.parent;
    assert.equal(parent('payments'), 'z:use1-a', 'one zone: inside the zone');
    assert.equal(parent('orders-db'), 'z:use1-b');
    assert.equal(parent('orders'), 'r:us-east', 'several zones of one region: in the region');
    assert.equal(parent('edge'), 'r:us-east');
    assert.equal(parent('stripe'), undefined, 'no zones: top level');
    assert.deepEqual(diagram.zones, ['use1-a', 'use1-b', 'use1-c']);
  });

  it('draws every element except regions and scenarios, with kind, title, replicas per zone and ranges', () => {
    const { diagram } = diagramOf(SPEC_EXAMPLE);
    assert.deepEqual(diagram.nodes.map((n) => n.name), ['edge', 'orders', 'payments', 'orders-db', 'order-events', 'stripe']);
    const orders = diagram.nodes.find((n) => n.name === 'orders')!;
    assert.equal(orders.kind, 'service');
    assert.equal(orders.title, 'Order service');
    assert.equal(orders.replicas, 3);
    assert.deepEqual(orders.placement, [
      { zone: 'use1-a', count: 1 },
      { zone: 'use1-b', count: 1 },
      { zone: 'use1-c', count: 1 },
    ]);
    assert.deepEqual(orders.nameRange, { start: { line: 4, character: 8 }, end: { line: 4, character: 14 } });
    assert.equal(orders.range.start.line, 4);
    assert.equal(orders.range.end.line, 10);
    const payments = diagram.nodes.find((n) => n.name === 'payments')!;
    assert.deepEqual(payments.placement, [{ zone: 'use1-a', count: 2 }]);
    assert.equal(diagram.nodes.find((n) => n.name === 'edge')!.entry, true);
    assert.equal(diagram.nodes.find((n) => n.name === 'stripe')!.replicas, undefined);
  });

  it('draws sync calls solid with timeout and attempts, async relations dashed', () => {
    const { diagram } = diagramOf(SPEC_EXAMPLE);
    const edges = diagram.edges.map((e) => `${e.kind} ${e.from}->${e.to} ${e.style} ${e.label ?? ''}`.trim());
    assert.deepEqual(edges, [
      'route edge->orders solid',
      'call orders->payments solid 800ms ×4',
      'write orders->orders-db solid writes',
      'publish orders->order-events dashed outbox',
    ]);
    assert.equal(new Set(diagram.edges.map((e) => e.id)).size, diagram.edges.length, 'edge ids are unique');
  });

  it('draws lock, cache, projection, saga and transaction relations, never to undeclared names', () => {
    const { diagram } = diagramOf(`
cluster zk { replicas 3; consensus zab }
store db { replicas 3; consistency linearizable }
service app { consumes events { idempotent }; call ghost { timeout 1s } }
service billing { operation charge { idempotent }; operation refund { idempotent } }
queue events { dead-letter dlq }
queue dlq
cache c { for db; ttl 5m }
lock l { backend zk; lease 10s; fencing; protects db; holders app }
projection p { source events; store db; lag-budget 5s }
saga s { style orchestration; orchestrator app; step one { action billing.charge; compensate billing.refund } }
transaction t { protocol two-phase-commit; coordinator app; participants db, billing }
`);
    const kinds = diagram.edges.map((e) => `${e.kind} ${e.from}->${e.to}`);
    for (const expected of [
      'consume events->app',
      'dead-letter events->dlq',
      'cache-for c->db',
      'lock-backend l->zk',
      'lock-protects l->db',
      'lock-holder app->l',
      'projection-source events->p',
      'projection-store p->db',
      'saga-orchestrator s->app',
      'saga-step s->billing',
      'tx-coordinator t->app',
      'tx-participant t->db',
      'tx-participant t->billing',
    ]) {
      assert.ok(kinds.includes(expected), `missing ${expected} in ${kinds.join(', ')}`);
    }
    assert.ok(!kinds.some((k) => k.includes('ghost')), 'an undeclared target draws no edge');
    assert.equal(diagram.edges.find((e) => e.kind === 'saga-step')?.label, '1 one');
    assert.equal(diagram.edges.find((e) => e.kind === 'lock-holder')?.style, 'dotted');
  });

  it('counts diagnostics per element by severity and keeps the worst messages first', () => {
    const { diagram } = diagramOf(`lock l { protects db }\nstore db { replicas 3; consistency linearizable }\n`);
    const lock = diagram.nodes.find((n) => n.name === 'l')!;
    assert.ok(lock.badges.error >= 2, JSON.stringify(lock.badges));
    assert.ok(lock.messages.length <= 3);
    assert.ok(lock.messages.some((m) => m.rule === 'lock/no-lease'));
    assert.equal(lock.messages[0]!.severity, 'error');
  });

  it('keeps user strings raw (escaping is left to the renderer) and fits the protocol schema', () => {
    const { diagram } = diagramOf(`service evil "<img src=x onerror=alert(1)>" { description "a & b" }`);
    assert.equal(diagram.nodes[0]!.title, '<img src=x onerror=alert(1)>');
    assert.equal(diagram.nodes[0]!.description, 'a & b');
    assert.ok(DiagramSchema.safeParse(diagram).success);
  });

  it('finds the element whose declaration contains a position', () => {
    const { diagram } = diagramOf(SPEC_EXAMPLE);
    assert.equal(nodeAt(diagram, { line: 7, character: 10 })?.name, 'orders');
    assert.equal(nodeAt(diagram, { line: 1, character: 0 }), undefined);
  });

  it('parses every sample and matches the protocol schema', () => {
    for (const file of ['checkout-saga', 'profiles-multi-region', 'rule-gallery', 'inventory-lock', 'bank-2pc', 'orders-cqrs']) {
      const { diagram } = diagramOf(readFileSync(`samples/${file}.arch`, 'utf8'));
      const parsed = DiagramSchema.safeParse(diagram);
      assert.ok(parsed.success, `${file}: ${parsed.success ? '' : parsed.error.message}`);
      assert.ok(diagram.nodes.length > 0);
    }
  });
});

describe('zone loss view', () => {
  it('names the dead elements and the affected entry points', () => {
    const { model, diagram } = diagramOf(SPEC_EXAMPLE);
    const view = zoneLossView(model, 'use1-b');
    assert.deepEqual(view.down.map((d) => d.name), ['orders-db']);
    assert.deepEqual(view.affectedEntryPoints.map((a) => a.entry), ['edge']);
    assert.deepEqual(view.affectedEntryPoints[0]!.via, ['edge', 'orders', 'orders-db']);
    assert.deepEqual(diagram.zoneLoss.find((z) => z.zone === 'use1-b'), view, 'precomputed for every zone');
    assert.deepEqual(zoneLossView(model, 'use1-c').down, []);
  });
});

describe('labels', () => {
  it('formats durations and call labels', () => {
    assert.equal(formatDuration(800), '800ms');
    assert.equal(formatDuration(2500), '2500ms', 'the language\'s own exact notation, as in every message');
    assert.equal(formatDuration(120_000), '2m');
    assert.equal(formatDuration(1234), '1234ms');
    assert.equal(callLabel(800, 3), '800ms ×4');
    assert.equal(callLabel(2000, 0), '2s');
    assert.equal(callLabel(undefined, 1), 'no timeout ×2');
  });
});

describe('clients on the diagram (SPEC §5.1)', () => {
  it('are drawn outside every region, with their calls as edges into the system', () => {
    const { diagram } = diagramOf(
      `region us-east { zones a, b }\nclient web "Browsers" { instances 20000; load 900; call edge { timeout 5s; retry 1 } }\ngateway edge { replicas 2; zones a, b; routes api }\nservice api { replicas 2; zones a, b }\n`,
    );
    const web = diagram.nodes.find((n) => n.name === 'web')!;
    assert.deepEqual([web.kind, web.parent, web.entry, web.placement, web.replicas, web.detail], ['client', undefined, false, [], undefined, '20000 instances · 900 req/s']);
    // SPEC §5.2: the load the call carries is on its label.
    assert.deepEqual(diagram.edges.filter((e) => e.from === 'web').map((e) => [e.kind, e.to, e.label]), [['call', 'edge', '5s ×2 · 900 req/s']]);
    assert.equal(DiagramSchema.safeParse(diagram).success, true, 'the webview protocol accepts the client kind');
    assert.ok(diagram.zoneLoss.every((z) => z.down.every((d) => d.name !== 'web')));
  });
});
