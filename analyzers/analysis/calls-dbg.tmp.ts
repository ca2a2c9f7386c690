import { readFileSync } from 'node:fs';
import { buildModelFromText } from '../../language/model/build';
import { runRules } from '../../analyzers/run-rules';
import { RULES } from '../../analyzers/registry';
import { applyEdits } from '../../language/edits';
const [ids, file] = [process.argv[2]!, process.argv[3]!];
const code = readFileSync(file, 'utf8');
const model = buildModelFromText(code);
for (const d of model.diagnostics) console.log('CORE', d.rule, d.message);
const rules = RULES.filter((r) => ids.split(',').includes(r.id));
const ds = runRules(model, rules, {});
for (const d of ds) {
  console.log(`${d.rule} ${d.severity} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.message}`);
  for (const r of d.related ?? []) console.log(`   related ${r.range.start.line + 1}:${r.range.start.character + 1} ${r.message}`);
}
const edits = ds.flatMap((d) => d.fixes?.[0]?.edits ?? []);
if (edits.length) console.log('--- fixed:\n' + applyEdits(code, edits).text);
