import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../../language/model/build';
import type { PropertyBag } from '../../../language/model/types';
import { KINDS, NETWORK } from '../../../language/vocabulary/kinds';
import { isPropertyName, PROPERTY_NAMES, type PropertyName } from '../../../language/vocabulary/names';
import type { PropertySpec } from '../../../language/vocabulary/property';

/*
 * `PropertyName` (language/vocabulary/names.ts) and the vocabulary's tables name the same properties. `prop()`
 * only accepts a `PropertyName`, so the compiler already rejects a table entry missing from the union; this test
 * also catches the other direction (a name in the union that no table declares) and checks both at run time.
 */

/** Every property name of every table: element kinds, their properties' blocks (at any depth) and `network`. */
function vocabularyNames(): Set<string> {
  const names = new Set<string>();
  const seen = new Set<readonly PropertySpec[]>();
  const walk = (table: readonly PropertySpec[]) => {
    if (seen.has(table)) return;
    seen.add(table);
    for (const p of table) {
      names.add(p.name);
      if (p.block) walk(p.block);
    }
  };
  for (const k of KINDS) walk(k.properties);
  walk(NETWORK);
  return names;
}

describe('property names: the PropertyName union and the vocabulary', () => {
  const vocabulary = vocabularyNames();
  const union = new Set<string>(PROPERTY_NAMES);

  it('every property of the vocabulary is in the union', () => {
    assert.deepEqual([...vocabulary].filter((n) => !union.has(n)), []);
  });

  it('every name of the union is a property of the vocabulary', () => {
    assert.deepEqual([...union].filter((n) => !vocabulary.has(n)), []);
  });

  it('lists each name once', () => {
    assert.equal(union.size, PROPERTY_NAMES.length, 'PROPERTY_NAMES has duplicates');
  });

  it('isPropertyName accepts exactly the union', () => {
    for (const n of PROPERTY_NAMES) assert.ok(isPropertyName(n), n);
    for (const n of ['zoens', '', 'Zones', 'network', 'service', 'constructor', '__proto__']) assert.ok(!isPropertyName(n), n);
  });

  it('rejects a misspelt property name at compile time (tsc checks this file)', () => {
    const model = buildModelFromText('service api { replicas 2; zones a, b }\n');
    const props: PropertyBag = model.elements.get('api')!.props;
    // @ts-expect-error 'zoens' is not a PropertyName: a typo must not compile and silently find nothing.
    assert.equal(props.statement('zoens'), undefined);
    // @ts-expect-error the same for `statements` …
    assert.deepEqual(props.statements('replica'), []);
    // @ts-expect-error … and for `has`.
    assert.equal(props.has('health'), false);
    const name: PropertyName = 'zones';
    assert.equal(props.statement(name)?.head, 'zones');
    assert.ok(props.has('replicas'));
  });
});
