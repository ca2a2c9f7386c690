import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic as LspDiagnostic,
  type TextEdit,
} from 'vscode-languageserver/node.js';
import type { Fix } from '../../language/diagnostic';
import { syntaxGuard, type SyntaxGuard } from '../../language/fix-safety';
import { comparePositions } from '../../language/range';
import { SOURCE } from './diagnostics';
import type { Analysis } from './documents';

/*
 * Quick fixes come from the core (`Diagnostic.fixes`, the same edits `faultline check --fix` applies), carried in
 * each LSP diagnostic's `data`. Every Faultline diagnostic but `syntax` also gets "Disable RULE for this line".
 * A fix in or next to a syntax error is not offered, as `--fix` does not apply it (`language/fix-safety.ts`):
 * the tree there is the parser's guess, and the edit would land inside an unterminated string or after a
 * block the parser closed for the author.
 */

function wants(params: CodeActionParams, kind: string): boolean {
  const only = params.context.only;
  return !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
}

/**
 * The fixes of an LSP diagnostic, from the analysis of the document's CURRENT version: the `data` the client
 * sends back was computed for the version the diagnostic was published for, and if the user typed since,
 * its ranges point at the wrong text. A diagnostic the current analysis no longer has gets no fix (its
 * republication is on the way).
 */
function fixesOf(d: LspDiagnostic, analysis: Analysis): Fix[] {
  const same = analysis.result.diagnostics.find(
    (x) => x.rule === d.code && comparePositions(x.range.start, d.range.start) === 0 && comparePositions(x.range.end, d.range.end) === 0,
  );
  return same?.fixes ?? [];
}

export function codeActions(params: CodeActionParams, analysis: Analysis): CodeAction[] {
  if (!wants(params, CodeActionKind.QuickFix)) return [];
  const uri = params.textDocument.uri;
  const fixes: CodeAction[] = [];
  const disables: CodeAction[] = [];
  const disabled = new Set<string>();
  let guard: SyntaxGuard | undefined;
  const nearSyntaxError = (fix: Fix): boolean => {
    if (analysis.result.document.errors.length === 0) return false;
    guard ??= syntaxGuard(analysis.text, analysis.result.document);
    return guard(fix);
  };
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE || typeof d.code !== 'string') continue;
    const rule = d.code;
    const offered = fixesOf(d, analysis).filter((fix) => !nearSyntaxError(fix));
    offered.forEach((fix, i) => {
      fixes.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        ...(i === 0 ? { isPreferred: true } : {}),
        edit: { changes: { [uri]: fix.edits.map((e): TextEdit => ({ range: e.range, newText: e.newText })) } },
      });
    });
    const line = d.range.start.line;
    if (rule === 'syntax' || disabled.has(`${rule}@${line}`)) continue;
    disabled.add(`${rule}@${line}`);
    const indent = /^[ \t]*/.exec(analysis.lines[line] ?? '')?.[0] ?? '';
    disables.push({
      title: `Disable ${rule} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: {
        changes: {
          [uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}// faultline-disable-next-line ${rule}\n` }],
        },
      },
    });
  }
  return [...fixes, ...disables];
}
