import type { ArchModel } from '../../../language/model/types';
import { isDeployable } from '../../../language/model/topology';
import { syncReach } from '../../analysis/graph';
import { insertProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

/** Element → the first gateway (in declaration order) other than itself that reaches it over synchronous edges. */
function behindGateways(model: ArchModel): Map<string, string> {
  const gateways = [...model.elements.values()].filter((e) => e.kind === 'gateway');
  const behind = new Map<string, string>();
  for (const [name, reachedBy] of syncReach(model, gateways)) {
    const gateway = [...reachedBy].find((g) => g !== name);
    if (gateway) behind.set(name, gateway);
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
