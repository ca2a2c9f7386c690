import { readFileSync } from 'node:fs';
import { buildModelFromText } from '/work/main/language/model/build';
import { runRules } from '/work/main/analyzers/run-rules';
import { RULES } from '/work/main/analyzers/registry';
for (const f of ['bank-2pc']) { const text = readFileSync(`/work/main/samples/${f}.arch`, 'utf8'); const m = buildModelFromText(text);
 for (const d of [...m.diagnostics, ...runRules(m, RULES as any)]) console.log(f, d.rule, d.severity, d.message.slice(0, 100)); }
