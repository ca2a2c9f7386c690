import type { Diagnostic, Severity } from '../language/diagnostic';

/*
 * How much output one file may produce. A dense design (200 services, each calling every other) has tens of
 * thousands of findings, mostly the same few rules: nobody reads them, and every consumer (the terminal, a CI
 * log, a 33 MB JSON report, the editor's problem list) pays for them. `checkText` keeps the first findings of
 * each rule in reading order and counts the rest, so every report can say what it left out.
 */

export { MAX_BLOCK_DEPTH, MAX_SYNTAX_ERRORS } from '../language/parser';

/** Findings of one rule shown per file; the rest are counted. `syntax` has the parser's own budget. */
export const MAX_FINDINGS_PER_RULE = 100;
/** Findings shown per file, all rules together (errors are kept before warnings, warnings before infos). */
export const MAX_FINDINGS_PER_FILE = 1000;

/**
 * Characters of one message (and of each related message). Messages quote the author's text — a name, a token —
 * and a 1 MB identifier made every finding about it a 1 MB line in every report and in the editor. The longest
 * message a real design gets is under 1,000 characters; 4,000 is also the most the diagram protocol carries.
 */
export const MAX_MESSAGE_CHARS = 4000;

/** The diagnostic with its messages cut to MAX_MESSAGE_CHARS (the same object when nothing is too long). */
export function clipMessages(d: Diagnostic): Diagnostic {
  const long = d.message.length > MAX_MESSAGE_CHARS || d.related?.some((r) => r.message.length > MAX_MESSAGE_CHARS);
  if (!long) return d;
  const clip = (text: string) => {
    if (text.length <= MAX_MESSAGE_CHARS) return text;
    // Not between the two halves of a surrogate pair.
    const end = MAX_MESSAGE_CHARS - 1 - (/[\uD800-\uDBFF]/.test(text[MAX_MESSAGE_CHARS - 2]!) ? 1 : 0);
    return `${text.slice(0, end)}…`;
  };
  return { ...d, message: clip(d.message), ...(d.related ? { related: d.related.map((r) => ({ ...r, message: clip(r.message) })) } : {}) };
}

/** Rules whose findings are already bounded where they are made (`syntax`: MAX_SYNTAX_ERRORS + 1). */
const BOUNDED_UPSTREAM = new Set(['syntax']);

/** Findings of one rule and severity that were found but not kept. */
export interface DroppedFindings {
  rule: string;
  severity: Severity;
  count: number;
}

export interface CappedFindings {
  /** What is kept, in the order given. */
  diagnostics: Diagnostic[];
  /** What was dropped, by rule then severity (error, warning, info); empty when nothing was. */
  dropped: DroppedFindings[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * At most MAX_FINDINGS_PER_RULE of each rule (the first ones), then at most MAX_FINDINGS_PER_FILE in all (by
 * severity first, so an error is never hidden behind a thousand warnings). The kept ones keep their order.
 */
export function capFindings(diagnostics: readonly Diagnostic[]): CappedFindings {
  if (diagnostics.length <= MAX_FINDINGS_PER_RULE) return { diagnostics: [...diagnostics], dropped: [] };
  const perRule = new Map<string, number>();
  const keep: boolean[] = new Array<boolean>(diagnostics.length).fill(false);
  const dropped = new Map<string, DroppedFindings>();
  const drop = (d: Diagnostic) => {
    const key = `${d.severity}\u0000${d.rule}`;
    const entry = dropped.get(key);
    if (entry) entry.count++;
    else dropped.set(key, { rule: d.rule, severity: d.severity, count: 1 });
  };
  const candidates: number[] = [];
  diagnostics.forEach((d, i) => {
    const n = (perRule.get(d.rule) ?? 0) + 1;
    perRule.set(d.rule, n);
    if (n <= MAX_FINDINGS_PER_RULE || BOUNDED_UPSTREAM.has(d.rule)) candidates.push(i);
    else drop(d);
  });
  if (candidates.length > MAX_FINDINGS_PER_FILE) {
    // Stable by position within a severity.
    const ranked = [...candidates].sort((a, b) => SEVERITY_RANK[diagnostics[a]!.severity] - SEVERITY_RANK[diagnostics[b]!.severity] || a - b);
    for (const i of ranked.slice(0, MAX_FINDINGS_PER_FILE)) keep[i] = true;
    for (const i of ranked.slice(MAX_FINDINGS_PER_FILE)) drop(diagnostics[i]!);
  } else {
    for (const i of candidates) keep[i] = true;
  }
  const list = sortDropped([...dropped.values()]);
  return { diagnostics: diagnostics.filter((_, i) => keep[i]), dropped: list };
}

/**
 * `capFindings`' per-rule limit applied while the findings are made, for a caller that caps afterwards in an
 * order of its own (the CLI): of each rule it keeps the first MAX_FINDINGS_PER_RULE in `order` (ties in the
 * order added) and counts the others, so a file with 90,000 findings never holds them all (issue 13: they were
 * about a tenth of the peak memory). Capping what it keeps, in that order, keeps and counts exactly what capping
 * every finding would: a rule's first MAX_FINDINGS_PER_RULE are among the ones kept here, and the file limit only
 * ever looks at those. `order` must be the caller's final order restricted to one rule.
 */
export class PerRuleCap {
  private readonly kept = new Map<string, { list: Diagnostic[]; seq: number[] }>();
  private readonly dropped = new Map<string, DroppedFindings>();
  private added = 0;

  constructor(private readonly order: (a: Diagnostic, b: Diagnostic) => number) {}

  add(d: Diagnostic): void {
    let entry = this.kept.get(d.rule);
    if (!entry) this.kept.set(d.rule, (entry = { list: [], seq: [] }));
    entry.list.push(d);
    entry.seq.push(this.added++);
    // Trimmed in batches: sorting a few hundred findings now and then costs less than sorting all of them once.
    if (entry.list.length >= 4 * MAX_FINDINGS_PER_RULE && !BOUNDED_UPSTREAM.has(d.rule)) this.trim(entry);
  }

  private trim(entry: { list: Diagnostic[]; seq: number[] }): void {
    const { list, seq } = entry;
    const ranked = list.map((_, i) => i).sort((a, b) => this.order(list[a]!, list[b]!) || seq[a]! - seq[b]!);
    for (const i of ranked.slice(MAX_FINDINGS_PER_RULE)) {
      const d = list[i]!;
      const key = `${d.severity}\u0000${d.rule}`;
      const counted = this.dropped.get(key);
      if (counted) counted.count++;
      else this.dropped.set(key, { rule: d.rule, severity: d.severity, count: 1 });
    }
    const keep = ranked.slice(0, MAX_FINDINGS_PER_RULE).sort((a, b) => a - b);
    entry.list = keep.map((i) => list[i]!);
    entry.seq = keep.map((i) => seq[i]!);
  }

  /** What is kept, in the order added, and what was dropped (by rule, then severity). */
  finish(): CappedFindings {
    const all: { d: Diagnostic; seq: number }[] = [];
    for (const entry of this.kept.values()) {
      if (entry.list.length > MAX_FINDINGS_PER_RULE && !BOUNDED_UPSTREAM.has(entry.list[0]!.rule)) this.trim(entry);
      entry.list.forEach((d, i) => all.push({ d, seq: entry.seq[i]! }));
    }
    all.sort((a, b) => a.seq - b.seq);
    return { diagnostics: all.map((x) => x.d), dropped: sortDropped([...this.dropped.values()]) };
  }
}

function sortDropped(list: DroppedFindings[]): DroppedFindings[] {
  return list.sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}

/** Two lists of dropped findings as one: counts of the same rule and severity added, by rule then severity. */
export function mergeDropped(a: readonly DroppedFindings[], b: readonly DroppedFindings[]): DroppedFindings[] {
  if (a.length === 0) return [...b];
  if (b.length === 0) return [...a];
  const merged = new Map<string, DroppedFindings>();
  for (const d of [...a, ...b]) {
    const key = `${d.severity}\u0000${d.rule}`;
    const entry = merged.get(key);
    if (entry) entry.count += d.count;
    else merged.set(key, { ...d });
  }
  return sortDropped([...merged.values()]);
}
