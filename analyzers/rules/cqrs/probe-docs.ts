import { readFileSync } from 'node:fs';
import { buildModelFromText } from '../../../language/model/build';
import { runRules } from '../../run-rules';
import { ALL_RULES } from '../../registry';
const ids = ['saga/missing-compensation','saga/compensation-not-idempotent','saga/step-not-idempotent','saga/no-orchestrator','cache/no-invalidation','cache/write-behind-critical','sharding/no-key','sharding/modulo-hash','sharding/hot-range','cqrs/no-lag-budget','event-sourcing/no-snapshots'];
for (const id of ids) {
  const rule = ALL_RULES.find((r) => r.id === id)!;
  const text = readFileSync(`docs/rules/${id}.md`, 'utf8');
  const sections = text.split(/\n## /);
  for (const s of sections) {
    const kind = s.startsWith('Invalid') ? 'invalid' : s.startsWith('Valid') ? 'valid' : undefined;
    if (!kind) continue;
    for (const m of s.matchAll(/```arch\n([\s\S]*?)```/g)) {
      const model = buildModelFromText(m[1]!);
      const core = model.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
      const found = runRules(model, [rule]).filter((d) => d.rule === id);
      const ok = kind === 'invalid' ? found.length > 0 : found.length === 0;
      console.log(ok && !core.length ? 'OK  ' : 'BAD ', id, kind, core.join('; '), kind === 'invalid' ? found[0]?.message : '');
    }
  }
}
