import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { countText } from '../../../cli/report/model';

describe('countText', () => {
  it("writes a count as toLocaleString('en-US') does", () => {
    for (const n of [0, 1, 999, 1000, 44_800, 1_234_567, Number.MAX_SAFE_INTEGER, -1, 2.5, 1e21, Number.NaN]) assert.equal(countText(n), n.toLocaleString('en-US'), String(n));
    fc.assert(fc.property(fc.maxSafeNat(), (n) => countText(n) === n.toLocaleString('en-US')));
  });
});
