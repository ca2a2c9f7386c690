import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../../analyzers/config';
import { withFlags } from '../../../cli/commands/check';
import { CliError } from '../../../cli/errors';

const NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__'];

describe('rule ids that are Object.prototype names', () => {
  for (const id of NAMES) {
    it(`faultline.json rejects rules.${id}`, () => {
      const r = parseConfig(`{ "rules": { "${id}": "off" } }`, 'faultline.json');
      assert.ok('error' in r, `accepted ${id}: ${JSON.stringify(r)}`);
      assert.match(r.error, /unknown rule/);
      assert.ok(r.error.includes(JSON.stringify(id)), r.error);
    });

    it(`--rule ${id}=off is a usage error`, () => {
      assert.throws(
        () => withFlags(undefined, { rule: [`${id}=off`] }),
        (e: unknown) => e instanceof CliError && /unknown rule/.test(e.message) && e.message.includes(id),
      );
    });
  }

  it('a config with __proto__ does not change the prototype of the parsed rules', () => {
    const r = parseConfig('{ "rules": { "__proto__": { "x": "off" } } }', 'faultline.json');
    assert.ok('error' in r);
  });
});
