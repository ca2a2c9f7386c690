import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ALL_RULES } from '../../analyzers/registry';

/*
 * Every rule has a doc page and every doc page a rule (typescript-eslint's docs test): the description in the
 * doc is the rule's own, and the page has the sections a reader needs.
 */
const DOCS = join(import.meta.dirname, '../../docs/rules');

export function docPath(id: string): string {
  return id.includes('/') ? join(DOCS, `${id}.md`) : join(DOCS, 'core', `${id}.md`);
}

describe('rule docs', () => {
  for (const rule of ALL_RULES) {
    it(`${rule.id} has a doc page matching its metadata`, () => {
      const path = docPath(rule.id);
      assert.ok(existsSync(path), `missing ${relative(process.cwd(), path)}`);
      const text = readFileSync(path, 'utf8');
      assert.ok(text.startsWith(`# ${rule.id}\n`), 'the page starts with `# <rule id>`');
      assert.ok(text.includes(`\n> ${rule.description}\n`), `the page quotes the rule's description: "> ${rule.description}"`);
      assert.match(text, /\n## When not to use it\n/i, 'a "When not to use it" section');
      if (!['syntax', 'internal', 'encoding'].includes(rule.id)) {
        assert.match(text, /```arch\n/, 'at least one .arch example');
      }
    });
  }

  it('every doc page belongs to a rule', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    const pages: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(join(dir, entry.name));
        else if (entry.name.endsWith('.md') && entry.name !== 'README.md') pages.push(join(dir, entry.name));
      }
    };
    walk(DOCS);
    for (const page of pages) {
      const rel = relative(DOCS, page).replace(/\\/g, '/').replace(/\.md$/, '');
      const id = rel.startsWith('core/') ? rel.slice(5) : rel;
      assert.ok(ids.has(id), `docs/rules/${rel}.md has no rule \`${id}\``);
    }
  });
});
