import { zonesOf } from '../../../language/model/semantics';
import { isDeployable } from '../../../language/model/topology';
import { syncEdges } from '../../analysis/graph';
import type { Rule } from '../types';

const VERB = { call: 'calls', read: 'reads', write: 'writes', route: 'routes to' } as const;

/** `a`, `a and b`, `a, b and c`. */
function list(names: readonly string[], last = 'and'): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${last} ${names[names.length - 1]}`;
}

export const zonalDependency: Rule = {
  id: 'spof/zonal-dependency',
  severity: 'warning',
  description: 'A synchronous call, read or write into a `scope zonal` element from replicas in zones where it has none: its zone\'s outage breaks callers in the other zones.',
  check({ model, report }) {
    for (const caller of model.elements.values()) {
      // Calls, reads and writes (SPEC §5.2); a gateway's routes into cells are how a cell architecture is entered.
      if (caller.kind !== 'service') continue;
      let callerZones: string[] | undefined;
      for (const edge of syncEdges(model, caller)) {
        if (edge.kind === 'route') continue;
        const target = model.elements.get(edge.to);
        if (!isDeployable(target) || target.scope !== 'zonal' || target === caller) continue;
        callerZones ??= zonesOf(caller);
        // An unplaced caller may run anywhere: nothing to compare.
        if (callerZones.length === 0) break;
        const targetZones = zonesOf(target);
        if (targetZones.length === 0) continue;
        const outside = callerZones.filter((z) => !targetZones.includes(z));
        if (outside.length === 0) continue;
        const where = targetZones.length === 1 ? `${targetZones[0]}, where all of \`${target.name}\` runs,` : `${list(targetZones, 'or')}, where \`${target.name}\` runs,`;
        report({
          range: edge.range,
          message:
            `\`${caller.name}\` ${VERB[edge.kind]} \`${target.name}\`, which is zonal (\`scope zonal\`) and has no replica in ${list(outside)}, where \`${caller.name}\` has replicas: ` +
            `losing ${where} also breaks \`${caller.name}\`'s replicas in ${list(outside)}, so one zone's outage spreads to the others; ` +
            `have each replica use the zonal element of its own zone, or make \`${target.name}\` regional`,
          related: [
            { message: `\`${target.name}\` is zone-local: replicas only in ${list(targetZones)}`, range: (target.props.statement('scope') ?? target.statement).range },
            { message: `\`${caller.name}\` has replicas in ${list(callerZones)}`, range: (caller.props.statement('zones') ?? caller.statement).range },
          ],
        });
      }
    }
  },
};
