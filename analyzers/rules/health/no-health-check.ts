import type { ArchModel } from '../../../language/model/types';
import { isDeployable } from '../../../language/model/topology';
import { syncEdges } from '../../analysis/graph';
import { insertProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

/** Step bound for one breadth-first walk; the visited set already makes it finite. */
const MAX_STEPS = 100_000;

/** Element → the first gateway (in declaration order) that reaches it over synchronous edges. */
function behindGateways(model: ArchModel): Map<string, string> {
  const behind = new Map<string, string>();
  for (const g of model.elements.values()) {
    if (g.kind !== 'gateway') continue;
    const seen = new Set([g.name]);
    const queue = [g.name];
    for (let steps = 0; queue.length > 0 && steps < MAX_STEPS; steps++) {
      const element = model.elements.get(queue.shift()!);
      if (!element) continue;
      for (const edge of syncEdges(model, element)) {
        if (seen.has(edge.to)) continue;
        seen.add(edge.to);
        if (!behind.has(edge.to)) behind.set(edge.to, g.name);
        queue.push(edge.to);
      }
    }
  }
  return behind;
}

export const noHealthCheck: Rule = {
  id: 'health/no-health-check',
  severity: 'warning',
  description: 'An element with 2 or more replicas behind a gateway has no health check.',
  fixable: true,
  check({ model, report }) {
    for (const [name, gateway] of behindGateways(model)) {
      const e = model.elements.get(name);
      if (!isDeployable(e) || e.replicas < 2 || e.props.has('health-check')) continue;
      const g = model.elements.get(gateway)!;
      report({
        range: e.nameRange,
        message: `\`${name}\` has ${e.replicas} replicas behind gateway \`${gateway}\` but no health-check: a crashed or hung replica keeps receiving its 1/${e.replicas} share of requests until someone notices; add a health check so it is taken out of rotation`,
        related: [{ message: `gateway \`${gateway}\` sends traffic towards \`${name}\``, range: g.nameRange }],
        fixes: [{ title: 'Add `health-check 5s`', edits: [insertProperty(e.statement, 'health-check 5s', model.document)] }],
      });
    }
  },
};
