import { entryPoints, entryPointsImplicit } from '../../analysis/graph';
import type { Rule } from '../types';

export const noRateLimit: Rule = {
  id: 'resilience/no-rate-limit',
  severity: 'info',
  description: 'An entry point with no rate limit.',
  check({ model, report }) {
    const implicit = entryPointsImplicit(model);
    for (const e of entryPoints(model)) {
      // Only gateways and services can declare `rate-limit`; another kind marked `entry` has nowhere to put one.
      if ((e.kind !== 'gateway' && e.kind !== 'service') || e.rateLimit !== undefined) continue;
      const capacity = e.replicas > 1 ? `its ${e.replicas} replicas` : 'its single replica';
      report({
        range: e.nameRange,
        message: `entry point \`${e.name}\`${implicit ? ' (every service is an entry point: the file declares none)' : ''} has no rate-limit: a traffic spike, a retry storm or one abusive client is passed straight to ${capacity} and everything behind them; add \`rate-limit N\` (requests per second) sized to what the slowest synchronous dependency can serve`,
      });
    }
  },
};
