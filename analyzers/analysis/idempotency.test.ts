import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModelFromText } from '../../language/model/build';
import type { Service } from '../../language/model/types';
import { targetIdempotency } from './idempotency';

describe('targetIdempotency', () => {
  const text = `service b { operation get { idempotent }; operation put }\nexternal x { idempotent }\nservice c\nservice a { call b.get; call b.put; call b; call x; call c.post }\n`;
  const m = buildModelFromText(text);
  assert.deepEqual(m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  const verdicts = (m.elements.get('a') as Service).calls.map((c) => targetIdempotency(m, c));

  it('reads the operation, or the external as a whole', () => assert.deepEqual(verdicts.map((v) => v.idempotent), [true, false, false, true, false]));

  it('says why, and where the verdict comes from', () => {
    const at = (v: (typeof verdicts)[number]) => v.declaredAt && `${v.declaredAt.start.line + 1}:${v.declaredAt.start.character + 1}`;
    assert.deepEqual(
      verdicts.map((v) => [v.reason, at(v), v.operation?.name]),
      [
        ['operation `b.get` is idempotent', '1:23', 'get'],
        ['operation `b.put` is declared without `idempotent`', '1:53', 'put'],
        ['it names no operation of `b`, so nothing says it is idempotent', '1:9', undefined],
        ['external `x` is idempotent', '2:10', undefined],
        ['`c` does not declare `operation post { idempotent }`', '3:9', undefined],
      ],
    );
  });

  it('an undeclared target', () => {
    assert.deepEqual(targetIdempotency(m, { target: 'nowhere', operation: 'get' }), { idempotent: false, reason: '`nowhere.get` is not declared' });
  });
});
