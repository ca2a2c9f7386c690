import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { checkText } from '../../analyzers/check';
import { RULES } from '../../analyzers/registry';

/*
 * Every sample's header says what it is for: "Deliberately triggers: rule/a (…) and rule/b (…). Everything else is
 * meant to be clean." or "Meant to be clean: no findings". This test holds the findings to those words (issue 12:
 * every rule fires, or stays silent, on the samples exactly as their headers say): the rules a header names must
 * fire, and where the header says the rest is clean, nothing else may. rule-gallery.arch says it line by line
 * (`// triggers: a, b` above the line the findings land on).
 */

const SAMPLES = resolve(import.meta.dirname, '../../samples');
const RULE_IDS = new Set(RULES.map((r) => r.id));

function header(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('//')) break;
    lines.push(line.replace(/^\/\/\s?/, ''));
  }
  return lines.join(' ');
}

/** The rule ids named in a stretch of prose (only real ids: "W=1/R=1" or a path is not one). */
function ruleIds(prose: string): Set<string> {
  return new Set([...prose.matchAll(/\b[a-z0-9]+\/[a-z0-9-]+\b/g)].map((m) => m[0]).filter((id) => RULE_IDS.has(id)));
}

function found(text: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const d of checkText(text).diagnostics) {
    if (!RULE_IDS.has(d.rule)) continue;
    out.set(d.rule, [...(out.get(d.rule) ?? []), d.range.start.line]);
  }
  return out;
}

const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.arch') && f !== 'rule-gallery.arch').sort();

describe('samples: findings as their headers say', () => {
  for (const file of files) {
    it(file, () => {
      const text = readFileSync(join(SAMPLES, file), 'utf8');
      const h = header(text);
      const clean = /meant to be clean: no findings|expected findings: none/i.test(h);
      const triggers = /deliberately triggers:([\s\S]*?)(?:everything else is meant to be clean|the [a-z ]+ (?:path|part)s? (?:is|are) meant to be clean|scenario [\w-]+:|$)/i.exec(h);
      assert.ok(clean || triggers, `${file}: the header says what the sample triggers, or that it is clean`);
      const declared = triggers ? ruleIds(triggers[1]!) : new Set<string>();
      const actual = found(text);
      for (const id of declared) assert.ok(actual.has(id), `${file}: the header names ${id}, which does not fire (fired: ${[...actual.keys()].join(', ') || 'nothing'})`);
      const restClean = clean || /everything else is meant to be clean/i.test(h);
      if (restClean) {
        const extra = [...actual.keys()].filter((id) => !declared.has(id));
        assert.deepEqual(extra, [], `${file}: the header says everything else is clean, but these fire too`);
      }
    });
  }

  it('rule-gallery.arch: each `// triggers:` line names the rules reported on the next line', () => {
    const text = readFileSync(join(SAMPLES, 'rule-gallery.arch'), 'utf8');
    const lines = text.split('\n');
    const actual = found(text);
    let checked = 0;
    lines.forEach((line, i) => {
      const m = /^\s*\/\/\s*triggers:\s*(.*)$/.exec(line);
      if (!m) return;
      for (const id of ruleIds(m[1]!)) {
        checked++;
        assert.ok(actual.get(id)?.includes(i + 1), `rule-gallery.arch:${i + 2}: ${id} is expected on this line (it fires on lines ${(actual.get(id) ?? []).map((l) => l + 1).join(', ') || 'none'})`);
      }
    });
    assert.ok(checked > 20, `the gallery names its rules (${checked} checked)`);
  });
});
