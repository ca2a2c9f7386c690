import type { Comment } from '../language/ast';
import type { Diagnostic } from '../language/diagnostic';

/*
 * `// faultline-disable-next-line RULE[, RULE…]` silences those rules (all rules when none is named) on the
 * next line that holds code. Core errors (`syntax`) cannot be silenced: the file would not mean anything.
 */
const DIRECTIVE = /^\/\/\s*faultline-disable-next-line\b(.*)$/;

export interface Suppression {
  /** The line the directive applies to (0-based). */
  line: number;
  /** Empty: every rule. */
  rules: Set<string>;
}

export function readSuppressions(comments: readonly Comment[], text: string): Suppression[] {
  // Split only when a directive needs it: the lines of a large file are many strings (issue 13: peak memory).
  let lines: string[] | undefined;
  const out: Suppression[] = [];
  for (const c of comments) {
    if (c.kind !== 'line') continue;
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    lines ??= text.split('\n');
    const rules = new Set(
      (m[1] ?? '')
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter((s) => s && s !== '--'),
    );
    let line = c.range.start.line + 1;
    // Skip blank and comment-only lines, so a directive may sit above another comment.
    while (line < lines.length && /^\s*(\/\/.*)?$/.test(lines[line] ?? '')) line++;
    out.push({ line, rules });
  }
  return out;
}

export function isSuppressed(d: Diagnostic, suppressions: readonly Suppression[]): boolean {
  if (d.rule === 'syntax') return false;
  return suppressions.some((s) => s.line === d.range.start.line && (s.rules.size === 0 || s.rules.has(d.rule)));
}
