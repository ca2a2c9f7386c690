import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { checkText } from '../../../analyzers/check';
import { toDiagram } from '../../../analyzers/diagram/to-diagram';
import { MIN_FIT_ZOOM } from '../../../diagram/layout';
import { HostMessageSchema, WebviewMessageSchema, WebviewStateSchema } from '../../../diagram/protocol';
import { arrange } from '../../../webview/arrange';
import { statusLine } from '../../../webview/status';
import { anchoredViewport, chooseDirection, diagramFits, fitViewport, focusDiagram, MAX_FIT_ZOOM, nodeAtCentre, prefersAlternative, withoutContainersOf } from '../../../webview/view';

/* The webview's view arithmetic and messages (issue 11), without a browser. */

const CHECKOUT = (() => {
  const { model, diagnostics } = checkText(readFileSync('samples/checkout-saga.arch', 'utf8'));
  return toDiagram(model, diagnostics);
})();

describe('direction from the panel shape', () => {
  it('is top-down in a tall panel, left to right in a wide one, and keeps its way near square', () => {
    assert.equal(chooseDirection(530, 850), 'DOWN');
    assert.equal(chooseDirection(1400, 870), 'RIGHT');
    assert.equal(chooseDirection(800, 840, 'RIGHT'), 'RIGHT', 'within the hysteresis band');
    assert.equal(chooseDirection(800, 840, 'DOWN'), 'DOWN');
    assert.equal(chooseDirection(800, 840), 'DOWN', 'no current: by the aspect');
    assert.equal(chooseDirection(0, 0, 'DOWN'), 'DOWN', 'an unsized panel keeps it');
    assert.equal(chooseDirection(0, 0), 'RIGHT');
  });

  it('prefers the other way only when the panel way cannot be shown whole readably and the other is clearly larger', () => {
    const wide = { width: 3000, height: 300 };
    const tall = { width: 800, height: 1100 };
    assert.equal(prefersAlternative(1400, 870, wide, tall), true);
    assert.equal(prefersAlternative(1400, 870, { width: 1000, height: 400 }, tall), false, 'the panel way fits readably');
    assert.equal(prefersAlternative(1400, 870, wide, { width: 2800, height: 400 }), false, 'not clearly larger');
  });

  it('arranges a new design the panel way and keeps the direction of an edited one', async () => {
    const tall = await arrange(CHECKOUT, { width: 530, height: 850, shape: undefined, direction: undefined, choose: true, collapsed: [] }, () => false);
    assert.equal(tall?.direction, 'DOWN');
    assert.equal(tall?.shape, 'DOWN');
    const kept = await arrange(CHECKOUT, { width: 1400, height: 870, shape: 'DOWN', direction: 'DOWN', choose: false, collapsed: [] }, () => false);
    assert.equal(kept?.direction, 'DOWN', 'an edit keeps the direction drawn');
    assert.equal(await arrange(CHECKOUT, { width: 1, height: 1, shape: undefined, direction: undefined, choose: true, collapsed: [] }, () => true), undefined, 'a superseded layout is dropped');
  });
});

describe('fit', () => {
  it('fits a small diagram whole and centred, never above MAX_FIT_ZOOM', () => {
    const v = fitViewport(1000, 800, { width: 200, height: 100 })!;
    assert.equal(v.k, MAX_FIT_ZOOM);
    assert.equal(v.x, (1000 - 200 * v.k) / 2);
    assert.ok(diagramFits(v, 1000, 800, { width: 200, height: 100 }));
  });

  it('stops at the readable zoom and starts at the top left when the diagram is larger', () => {
    const layout = { width: 3000, height: 2000 };
    const v = fitViewport(530, 850, layout)!;
    assert.equal(v.k, MIN_FIT_ZOOM);
    assert.deepEqual([v.x, v.y], [0, 0]);
    assert.equal(diagramFits(v, 530, 850, layout), false);
  });

  it('centres across when only the width fits, and stays at the top', () => {
    const layout = { width: 500, height: 2000 };
    const v = fitViewport(530, 850, layout)!;
    assert.equal(v.k, MIN_FIT_ZOOM);
    assert.ok(v.x > 0 && v.y === 0);
  });

  it('has no fit for an unsized panel or an empty layout', () => {
    assert.equal(fitViewport(0, 500, { width: 10, height: 10 }), undefined);
    assert.equal(fitViewport(500, 500, { width: 0, height: 0 }), undefined);
  });

  it('keeps an anchor element where it was on screen across a re-layout', () => {
    const before = { x: 100, y: 50, width: 40, height: 20 };
    const after = { x: 300, y: 10, width: 40, height: 20 };
    const v = { k: 2, x: 10, y: 20 };
    for (const corner of ['centre', 'top-left'] as const) {
      const next = anchoredViewport(v, before, after, corner);
      assert.equal(next.k, 2);
      assert.equal(next.x + after.x * 2, v.x + before.x * 2);
      assert.equal(next.y + after.y * 2, v.y + before.y * 2);
    }
  });

  it('finds the node at the centre of the panel', () => {
    const layout = { width: 400, height: 200, direction: 'RIGHT' as const, containers: [], edges: [], nodes: [
      { id: 'n:a', box: { x: 0, y: 0, width: 50, height: 50 } },
      { id: 'n:b', box: { x: 300, y: 100, width: 50, height: 50 } },
    ] };
    assert.equal(nodeAtCentre(layout, { k: 1, x: 0, y: 0 }, 650, 250), 'n:b');
    assert.equal(nodeAtCentre(layout, { k: 1, x: 0, y: 0 }, 50, 50), 'n:a');
  });
});

describe('focus mode', () => {
  it('keeps the element, its direct neighbours and the relations with them', () => {
    const f = focusDiagram(CHECKOUT, 'payments')!;
    const names = f.nodes.map((n) => n.name).sort();
    assert.deepEqual(names, ['checkout', 'payments', 'payments-db', 'place-order', 'stripe']);
    assert.ok(f.edges.length > 0 && f.edges.every((e) => e.from === 'payments' || e.to === 'payments'));
    assert.deepEqual(f.containers.map((c) => c.id).sort(), ['r:eu-central', 'z:euc1-a', 'z:euc1-b', 'z:euc1-c'], 'the region and its header chips');
    assert.equal(focusDiagram(CHECKOUT, 'nope'), undefined);
  });

  it('keeps the focused element out of collapsed containers', () => {
    assert.deepEqual(withoutContainersOf(CHECKOUT, 'checkout', ['r:eu-central', 'z:other']), ['z:other']);
    assert.deepEqual(withoutContainersOf(CHECKOUT, 'stripe', ['r:eu-central']), ['r:eu-central'], 'stripe is outside the region');
  });

  it('says what is focused in the status line', () => {
    const f = focusDiagram(CHECKOUT, 'stripe')!;
    assert.equal(statusLine(CHECKOUT, f, { zoneLoss: null, focus: 'stripe', sim: null }).text, 'Focus: stripe and 1 neighbour · Esc shows all');
    const line = statusLine(CHECKOUT, CHECKOUT, { zoneLoss: null, focus: null, sim: { seed: 4, atMs: 1500, elements: [{ name: 'orders-db', status: 'down', down: 3, total: 3, lostWrites: 2 }], zonesDown: [], partitioned: ['euc1-b'] } });
    assert.equal(line.text, '16 elements · 21 relations · simulation seed 4 at t=1.5s; down: orders-db; cut off: euc1-b; 2 lost writes');
  });
});

describe('messages of issue 11', () => {
  it('accepts focus, simState and simulate, and refuses malformed ones', () => {
    assert.ok(HostMessageSchema.safeParse({ type: 'focus', name: 'payments' }).success);
    assert.ok(HostMessageSchema.safeParse({ type: 'focus', name: null }).success);
    assert.ok(!HostMessageSchema.safeParse({ type: 'focus' }).success);
    assert.ok(HostMessageSchema.safeParse({ type: 'simState', overlay: null }).success);
    const overlay = { seed: 1, atMs: 0, elements: [{ name: 'db', status: 'down', down: 1, total: 1, lostWrites: 0 }], zonesDown: [], partitioned: [] };
    assert.ok(HostMessageSchema.safeParse({ type: 'simState', overlay }).success);
    assert.ok(!HostMessageSchema.safeParse({ type: 'simState', overlay: { ...overlay, elements: [{ name: 'db', status: 'gone' }] } }).success);
    assert.ok(!HostMessageSchema.safeParse({ type: 'simState' }).success);
    assert.deepEqual(WebviewMessageSchema.parse({ type: 'simulate' }), { type: 'simulate' });
  });

  it('keeps collapsed containers and focus in the webview state', () => {
    const state = WebviewStateSchema.parse({ collapsed: ['r:eu-central'], focus: 'payments' });
    assert.deepEqual(state.collapsed, ['r:eu-central']);
    assert.ok(!WebviewStateSchema.safeParse({ collapsed: 'r:x' }).success);
  });
});
