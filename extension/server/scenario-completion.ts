import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver/node.js';
import { targetView } from '../../language/model/scenario';
import type { ArchModel, Element } from '../../language/model/types';
import { EXPECTATION_FORMS, FAULT_FORMS, type ScenarioForm } from '../../language/vocabulary/scenario';

/*
 * Completion inside a scenario's `at …` and `expect …` lines: the next word of SPEC §4's shapes, with the
 * target's own members, zones and saga steps where a name goes (what language/model/scenario.ts accepts).
 */

function formItem(f: ScenarioForm, kind: CompletionItemKind): CompletionItem {
  return { label: f.word, kind, detail: f.form, documentation: { kind: MarkupKind.Markdown, value: f.doc }, insertText: `${f.word} ` };
}

function words(list: readonly string[], detail: string): CompletionItem[] {
  return list.map((w) => ({ label: w, kind: CompletionItemKind.EnumMember, detail }));
}

function nodeItems(members: number | undefined, extra: readonly string[]): CompletionItem[] {
  const out = words(extra, 'node');
  for (let i = 0; i < Math.min(members ?? 0, 50); i++) out.push({ label: String(i), kind: CompletionItemKind.Value, detail: `member ${i}` });
  return out;
}

/** `before`: the text between the head (`at` / `expect`) and the word being typed. */
export function scenarioCompletion(model: ArchModel, scenario: Element | undefined, head: 'at' | 'expect', before: string): CompletionItem[] {
  const view = scenario?.kind === 'scenario' ? targetView(model, scenario) : {};
  const tokens = before.split(/[\s,]+/).filter(Boolean);
  if (head === 'expect') {
    if (tokens.length === 0) {
      const kind = view.element?.kind;
      return EXPECTATION_FORMS.filter((f) => !kind || f.kinds.includes(kind)).map((f) => formItem(f, CompletionItemKind.Event));
    }
    return tokens.length === 1 && tokens[0] === 'stale-reads' ? words(['below'], 'stale-reads below P%') : [];
  }
  // `at T …`: tokens[0] is the time.
  if (tokens.length === 0) return [];
  if (tokens.length === 1) return FAULT_FORMS.map((f) => formItem(f, CompletionItemKind.Function));
  const zones = (): CompletionItem[] => {
    const named = view.zones ? [...view.zones] : [...model.zoneRegion.keys()];
    return named.filter((z) => !tokens.includes(z)).map((z) => ({ label: z, kind: CompletionItemKind.Unit, detail: `zone${model.zoneRegion.has(z) ? ` of region ${model.zoneRegion.get(z)}` : ''}` }));
  };
  const [fault, ...args] = tokens.slice(1);
  const isLock = view.element?.kind === 'lock';
  switch (fault) {
    case 'crash':
      if (args.length === 0) return [...nodeItems(view.members, ['leader']), ...words(['zone'], 'crash zone Z')];
      return args.length === 1 && args[0] === 'zone' ? zones() : [];
    case 'lose':
      if (args.length === 0) return words(['zone'], 'lose zone Z');
      return args.length === 1 ? zones() : [];
    case 'partition':
      return zones();
    case 'restart':
      return args.length === 0 ? nodeItems(view.members, ['leader']) : [];
    case 'pause':
      return args.length === 0 ? nodeItems(view.members, isLock ? ['holder', 'leader'] : ['leader']) : [];
    case 'fail':
      if (args.length === 0) return words(['step'], 'fail step NAME');
      return args.length === 1 && view.steps ? words([...view.steps], 'saga step') : [];
    default:
      return [];
  }
}

/** The hover of a fault or expectation word: its shape and what it does. */
export function scenarioWordHover(head: string, word: string): string | undefined {
  const form = (head === 'at' ? FAULT_FORMS : head === 'expect' ? EXPECTATION_FORMS : []).find((f) => f.word === word);
  if (!form) return undefined;
  return [`\`${head === 'at' ? 'at T ' : 'expect '}${form.form}\``, '', form.doc, '', `See docs/scenarios.md for every ${head === 'at' ? 'fault' : 'expectation'}.`].join('\n');
}
