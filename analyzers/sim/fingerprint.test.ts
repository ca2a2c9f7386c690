import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../language/model/build';
import type { Scenario } from '../../language/model/types';
import { runFingerprint } from './fingerprint';

const DESIGN = `region us-east { zones use1-a, use1-b, use1-c }
store orders-db {
  engine postgres
  replicas 3
  zones use1-a, use1-b, use1-c
  replication leader-follower
  failover automatic
}
service api {
  replicas 2
  zones use1-a, use1-b
  calls orders-db
}
scenario crash {
  target orders-db
  at 5s crash leader
  expect no-split-brain
}
`;

function key(text: string): string {
  const model = buildModelFromText(text);
  return runFingerprint(model, model.elements.get('crash') as Scenario);
}

describe('runFingerprint: what a stored simulation depends on', () => {
  const base = key(DESIGN);

  it('ignores comments, blank lines and moved declarations', () => {
    assert.equal(key(`// the order store\n\n${DESIGN}`), base);
    const [first, ...rest] = DESIGN.split('service api');
    assert.equal(key(`${first!.replace(/\n$/, '')}\nservice api${rest.join('service api')}`.replace('scenario crash', '\nscenario crash')), base);
  });

  it('ignores an element the run does not involve', () => {
    assert.equal(key(DESIGN.replace('replicas 2', 'replicas 4')), base);
  });

  it('changes with the target, the scenario and the network', () => {
    assert.notEqual(key(DESIGN.replace('replicas 3', 'replicas 5')), base);
    assert.notEqual(key(DESIGN.replace('failover automatic', 'failover automatic\n  sync-followers 1')), base);
    assert.notEqual(key(DESIGN.replace('at 5s crash leader', 'at 6s crash leader')), base);
    assert.notEqual(key(DESIGN.replace('expect no-split-brain', 'expect no-lost-writes')), base);
    assert.notEqual(key(`network {\n  cross-zone 5ms..9ms\n}\n${DESIGN}`), base);
  });
});
