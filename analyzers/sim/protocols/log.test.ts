import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { append, appendFrom, appendOne, EMPTY_LOG, FANOUT, LEAF, entriesFrom, entryAt, lastIndex, lastTerm, logIds, truncate, type Entry, type Log } from './log';

/** The chunked log against a plain array, the obvious implementation. */
function flat(log: Log): Entry[] {
  return [...log.chunks.flat(2), ...log.leaves.flat(), ...log.tail];
}

const entry = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 99 })).map(([term, id]): Entry => ({ term, id }));
const op = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), entries: fc.array(entry, { maxLength: 150 }) }),
  fc.record({ kind: fc.constant('append' as const), entries: fc.array(entry, { minLength: 900, maxLength: 1300 }) }),
  fc.record({ kind: fc.constant('truncate' as const), length: fc.integer({ min: -1, max: 3000 }) }),
  fc.record({ kind: fc.constant('one' as const), entry }),
);

describe('sim/protocols/log', () => {
  it('behaves like an array under any sequence of appends and truncations, and never mutates', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 12 }), (ops) => {
        let log: Log = EMPTY_LOG;
        let model: Entry[] = [];
        for (const o of ops) {
          const before = structuredClone(log);
          const next = o.kind === 'append' ? append(log, o.entries) : o.kind === 'one' ? appendOne(log, o.entry) : truncate(log, o.length);
          assert.deepEqual(log, before, 'the input log is unchanged');
          log = next;
          model = o.kind === 'append' ? [...model, ...o.entries] : o.kind === 'one' ? [...model, o.entry] : model.slice(0, Math.max(0, o.length));
          assert.deepEqual(flat(log), model);
          assert.equal(lastIndex(log), model.length);
          assert.equal(lastTerm(log), model[model.length - 1]?.term ?? 0);
          for (let i = 1; i <= model.length; i += 7) assert.deepEqual(entryAt(log, i), model[i - 1]);
          assert.deepEqual(entriesFrom(log, 3, 10), model.slice(2, 12));
          // Ranges that end in full leaves are remembered: asked again of a later log, they must still be right.
          for (const from of [1, 17, 1000, model.length - 300]) assert.deepEqual(entriesFrom(log, from, 256), model.slice(Math.max(0, from - 1), Math.max(0, from + 255)));
          assert.deepEqual(logIds(log), model.filter((e) => e.id !== 0).map((e) => e.id));
          for (const chunk of log.chunks) assert.deepEqual([chunk.length, ...chunk.map((l) => l.length)], [FANOUT, ...chunk.map(() => LEAF)], 'chunks are full');
          for (const l of log.leaves) assert.equal(l.length, LEAF, 'leaves are full');
          assert.ok(log.leaves.length < FANOUT && log.tail.length < LEAF, 'the rest is in the leaves and the tail');
          assert.deepEqual(log, model.reduce((l, e) => appendOne(l, e), EMPTY_LOG), 'one form for the same entries (deep-equal states)');
        }
      }),
    );
  });

  it('appendFrom: Raft’s consistency check, keeping entries a stale message repeats', () => {
    const log = append(EMPTY_LOG, [
      { term: 1, id: 1 },
      { term: 1, id: 2 },
      { term: 2, id: 3 },
    ]);
    assert.deepEqual(appendFrom(log, 5, 2, []), { ok: false, hint: 3 }, 'a gap: retry after my last index');
    assert.deepEqual(appendFrom(log, 3, 3, []), { ok: false, hint: 2 }, 'my term-2 entries conflict: retry before them');
    const stale = appendFrom(log, 1, 1, [{ term: 1, id: 2 }]);
    assert.ok(stale.ok);
    assert.deepEqual(flat(stale.log), flat(log), 'a repeated entry does not cut what follows');
    const conflict = appendFrom(log, 2, 1, [{ term: 3, id: 9 }]);
    assert.ok(conflict.ok);
    assert.deepEqual(logIds(conflict.log), [1, 2, 9], 'the first conflicting entry and all after it are replaced');
    assert.equal(conflict.match, 3);
  });
});
