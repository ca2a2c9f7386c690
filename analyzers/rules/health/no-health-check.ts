import type { ArchModel } from '../../../language/model/types';
import { isDeployable } from '../../../language/model/topology';
import { reachStoppedMessage, syncReach } from '../../analysis/graph';
import { insertProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

/**
 * Element → the first gateway (in declaration order) other than itself that reaches it over synchronous edges.
 * Two reaching gateways are kept per element: when the first is the element itself, the second is the answer.
 */
function behindGateways(model: ArchModel): { behind: Map<string, string>; stopped?: { steps: number } } {
  const gateways = [...model.elements.values()].filter((e) => e.kind === 'gateway');
  const behind = new Map<string, string>();
  const reach = syncReach(model, { starts: gateways, keep: 2 });
  for (const name of reach.reached) {
    const gateway = reach.reachers(name).find((g) => g !== name);
    if (gateway) behind.set(name, gateway);
  }
  return { behind, stopped: reach.stopped };
}

export const noHealthCheck: Rule = {
  id: 'health/no-health-check',
  severity: 'warning',
  description: 'An element with 2 or more replicas behind a gateway has no health check.',
  fixable: true,
  check({ model, report }) {
    const { behind, stopped } = behindGateways(model);
    for (const [name, gateway] of behind) {
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
    // At the top of the file, so the per-rule cap on findings (first ones in reading order) always keeps it.
    const top = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (stopped) report({ range: top, severity: 'info', message: reachStoppedMessage(stopped.steps, 'replicated elements behind a gateway without a health check') });
  },
};
