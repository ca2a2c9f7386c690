import type { RuleMeta } from '../../analyzers/rules/types';

/** `faultline rules`: the catalog as an aligned table, in the registry's order. */
export function formatRulesTable(rules: readonly RuleMeta[]): string {
  const rows = [['RULE', 'DEFAULT', 'DESCRIPTION'], ...rules.map((r) => [r.id, r.severity, r.description + (r.fixable ? ' (fixable)' : '')])];
  const idWidth = Math.max(...rows.map((r) => r[0]!.length));
  const severityWidth = Math.max(...rows.map((r) => r[1]!.length));
  return rows.map(([id, severity, description]) => `${id!.padEnd(idWidth)}  ${severity!.padEnd(severityWidth)}  ${description}`.trimEnd()).join('\n') + '\n';
}
