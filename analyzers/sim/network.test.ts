import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULTS } from '../../language/model/defaults';
import type { Store } from '../../language/model/types';
import { connected, latencyRange, Network, sideOf, topologyOf, UNZONED } from './network';
import { Rng } from './rng';
import { modelOf } from './test-kit';

const MODEL = modelOf(`region east { zones a, b, c }
region west { zones w }
store db { replicas 4; zones a, b, w; replication leader-follower }
store loose { replicas 3; replication leader-follower }
network { same-zone 1ms..2ms; cross-zone 3ms..4ms; cross-region 50ms..60ms; loss 10% }`);

function topo(name: string) {
  return topologyOf(MODEL.elements.get(name) as Store, MODEL);
}

describe('sim/network', () => {
  it('places members on the element’s zones round-robin, and unzoned ones together', () => {
    assert.deepEqual(topo('db').zone, ['a', 'b', 'w', 'a']);
    assert.deepEqual(topo('db').region, ['east', 'east', 'west', 'east']);
    assert.deepEqual(topo('loose').zone, [UNZONED, UNZONED, UNZONED]);
  });

  it('takes latency from the network block: same zone, cross-zone, cross-region', () => {
    const t = topo('db');
    assert.deepEqual(latencyRange(t, 0, 3), { min: 1, max: 2 });
    assert.deepEqual(latencyRange(t, 0, 1), { min: 3, max: 4 });
    assert.deepEqual(latencyRange(t, 1, 2), { min: 50, max: 60 });
    assert.deepEqual(latencyRange(topo('loose'), 0, 1), { min: 1, max: 2 });
    const plain = modelOf(`store s { replicas 2 }`);
    assert.deepEqual(topologyOf(plain.elements.get('s') as Store, plain).latency.sameZone, DEFAULTS.network.sameZone);
  });

  it('draws delays inside the range, rounded to the microsecond', () => {
    const t = topo('db');
    const net = new Network({ ...t, latency: { ...t.latency, lossPercent: 0 } });
    const rng = Rng.fromSeed(1);
    for (let k = 0; k < 200; k++) {
      const o = net.send(1, 2, rng);
      assert.ok(o.delivered && o.delayMs >= 50 && o.delayMs <= 60 && Math.round(o.delayMs * 1000) === o.delayMs * 1000);
    }
  });

  it('splits by partition sides; zones no side names form one more side', () => {
    const t = topo('db');
    const sides = [['a'], ['b']];
    assert.equal(sideOf('a', sides), 0);
    assert.equal(sideOf('w', sides), 2);
    assert.equal(connected(t, sides, 0, 3), true, 'both in a');
    assert.equal(connected(t, sides, 0, 1), false, 'a | b');
    assert.equal(connected(t, sides, 1, 2), false, 'b | the unnamed side (w)');
    assert.equal(connected(t, null, 1, 2), true, 'no partition');
    assert.equal(connected(topo('loose'), [['a'], ['b']], 0, 2), true, 'unzoned members are all on the unnamed side');
  });

  it('loses messages across a partition, and at the loss rate plus `drop`', () => {
    const net = new Network(topo('db'));
    const rng = Rng.fromSeed(2);
    net.sides = [['a'], ['b', 'w']];
    assert.deepEqual(net.send(0, 1, rng), { delivered: false, reason: 'partition' });
    net.sides = null;
    let lost = 0;
    for (let k = 0; k < 5_000; k++) if (!net.send(0, 1, rng).delivered) lost++;
    assert.ok(lost > 400 && lost < 600, `10% loss: ${lost} of 5000`);
    net.dropPercent = 95;
    assert.equal(net.lossProbability, 1, 'capped at 100%');
    assert.deepEqual(net.send(0, 1, rng), { delivered: false, reason: 'loss' });
  });
});
