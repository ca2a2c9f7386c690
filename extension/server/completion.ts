import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver/node.js';
import type { ElementKind, PropertySpec } from '../../language/vocabulary/property';
import { KINDS, NETWORK_DESCRIPTION } from '../../language/vocabulary/kinds';
import type { Element } from '../../language/model/types';
import type { Analysis } from './documents';
import { cursorContext } from './context';
import { scenarioCompletion } from './scenario-completion';
import { operationsOf } from './syntax-index';

/*
 * Completion from the vocabulary tables and the model: element kinds at the top level, the properties of the
 * block the cursor is in (unused ones first), and after a property head its values — enum words, declared
 * elements of the right kinds, declared zones, `element.operation` targets.
 */

/** Kinds a call, action or compensate may target (as the model's resolver accepts them). */
const CALLABLE: readonly ElementKind[] = ['service', 'external', 'gateway', 'store', 'cache', 'queue', 'cluster'];
const TRIGGER_SUGGEST = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

function doc(text: string) {
  return { kind: MarkupKind.Markdown, value: text };
}

function takesValue(spec: PropertySpec): boolean {
  return spec.value !== 'flag';
}

function propertyItem(spec: PropertySpec, used: boolean, index: number): CompletionItem {
  const item: CompletionItem = {
    label: spec.name,
    kind: CompletionItemKind.Property,
    detail: spec.values ? `${spec.name} ${spec.values.join(' | ')}` : `${spec.value}`,
    documentation: doc(spec.description),
    // Not-yet-used properties first, each group in vocabulary order.
    sortText: `${used ? 1 : 0}${String(index).padStart(3, '0')}`,
  };
  if (spec.named) {
    item.insertText = `${spec.name} \${1:name}${spec.block ? ' {\n\t$0\n}' : ''}`;
    item.insertTextFormat = InsertTextFormat.Snippet;
  } else if (spec.block && spec.value === 'flag' && spec.block.length > 0) {
    item.insertText = `${spec.name} {\n\t$0\n}`;
    item.insertTextFormat = InsertTextFormat.Snippet;
  } else if (takesValue(spec)) {
    item.insertText = `${spec.name} `;
    item.command = TRIGGER_SUGGEST;
  }
  return item;
}

function elementItems(analysis: Analysis, kinds: readonly ElementKind[] | undefined, exclude: Set<string>): CompletionItem[] {
  const out: CompletionItem[] = [];
  for (const e of analysis.result.model.elements.values()) {
    if ((kinds && !kinds.includes(e.kind)) || exclude.has(e.name)) continue;
    out.push({ label: e.name, kind: CompletionItemKind.Reference, detail: e.kind + (e.title ? ` "${e.title}"` : ''), ...(e.description ? { documentation: doc(e.description) } : {}) });
  }
  return out;
}

/** After `calls` in an operation: the calls its service makes (SPEC §5.1 — an operation lists some of them). */
function operationCallItems(analysis: Analysis, owner: Element | undefined, already: Set<string>): CompletionItem[] {
  if (owner?.kind !== 'service') return [];
  const out: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const c of owner.calls) {
    const label = c.operation ? `${c.target}.${c.operation}` : c.target;
    if (seen.has(label) || already.has(label)) continue;
    seen.add(label);
    out.push({ label, kind: CompletionItemKind.Method, detail: `call ${label}${c.retry ? ` (retry ${c.retry})` : ''}`, documentation: doc(`A call \`${owner.name}\` makes: list it when this operation makes it.`) });
  }
  return out;
}

export function completion(analysis: Analysis, p: Position): CompletionItem[] {
  const ctx = cursorContext(analysis, p);
  const model = analysis.result.model;

  if (ctx.headPrefix !== undefined) {
    if (!ctx.container) {
      const items: CompletionItem[] = KINDS.map((k, i) => ({
        label: k.kind,
        kind: CompletionItemKind.Keyword,
        detail: `${k.kind} NAME { … }`,
        documentation: doc(k.description),
        insertText: `${k.kind} \${1:name} {\n\t$0\n}`,
        insertTextFormat: InsertTextFormat.Snippet,
        sortText: String(i).padStart(3, '0'),
      }));
      items.push({ label: 'network', kind: CompletionItemKind.Keyword, detail: 'network { … }', documentation: doc(NETWORK_DESCRIPTION), insertText: 'network {\n\t$0\n}', insertTextFormat: InsertTextFormat.Snippet, sortText: '999' });
      return items;
    }
    const used = new Set(ctx.siblings.map((s) => s.head));
    return ctx.table.map((spec, i) => propertyItem(spec, used.has(spec.name) && !spec.repeatable, i));
  }

  const value = ctx.value;
  if (!value) return [];
  const spec = ctx.table.find((s) => s.name === value.head);
  if (!spec) return [];
  const already = new Set(value.before.split(/[\s,|]+/).filter(Boolean));
  const enumItems = (values: readonly string[]) =>
    values.filter((v) => !already.has(v)).map((v): CompletionItem => ({ label: v, kind: CompletionItemKind.EnumMember, detail: `${spec.name} ${v}`, documentation: doc(spec.description) }));

  // A value already given for a single-valued property: nothing more to offer (except the backoff's range).
  const listLike = spec.value === 'enum-list' || spec.value === 'ref-list' || spec.value === 'zone-list' || spec.value === 'target-list' || spec.value === 'atoms';
  if (!listLike && value.before.trim() && !/,\s*$/.test(value.before)) return [];

  switch (spec.value) {
    case 'enum':
    case 'enum-list':
    case 'backoff':
    case 'consistency':
      return enumItems(spec.values ?? []);
    case 'ref':
    case 'ref-list':
      return elementItems(analysis, spec.refKinds, already);
    case 'zone-list': {
      if (ctx.container?.element?.kind === 'region' || ctx.container?.kind?.kind === 'region') return [];
      return [...model.zoneRegion].filter(([z]) => !already.has(z)).map(([zone, region]) => ({ label: zone, kind: CompletionItemKind.Unit, detail: `zone of region ${region}` }));
    }
    case 'target-list':
      return operationCallItems(analysis, ctx.container?.element, already);
    case 'target': {
      const items = elementItems(analysis, CALLABLE, new Set());
      for (const e of model.elements.values()) {
        if (!CALLABLE.includes(e.kind)) continue;
        for (const op of operationsOf(e)?.values() ?? []) {
          items.push({
            label: `${e.name}.${op.name}`,
            kind: CompletionItemKind.Method,
            detail: `${e.kind} operation${op.idempotent ? ' (idempotent)' : ''}`,
            // Sort operations right after their element.
            sortText: `${e.name}.${op.name}`,
          });
        }
      }
      return items;
    }
    case 'atoms':
      if (spec.name === 'at' || spec.name === 'expect') return scenarioCompletion(model, ctx.container?.element, spec.name, value.before);
      return [];
    default:
      return [];
  }
}
