import { formatDuration } from '../../../language/values';
import { allCalls, callLabel } from '../../analysis/calls';
import { insertProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

const BREAKER = 'circuit-breaker { failure-rate 50%; window 10s; cooldown 30s }';

export const noCircuitBreaker: Rule = {
  id: 'resilience/no-circuit-breaker',
  severity: 'warning',
  description: 'A synchronous call to an external dependency without a circuit breaker: its outage becomes yours.',
  fixable: true,
  check({ model, report }) {
    for (const { service, call } of allCalls(model)) {
      const target = model.elements.get(call.target);
      if (call.mode !== 'sync' || target?.kind !== 'external' || call.circuitBreaker || (service.kind === 'service' && service.provides.circuitBreaker)) continue;
      const availability = target.availability !== undefined ? ` (declared availability ${target.availability}%, about ${Math.round((100 - target.availability) * 876) / 10} hours down a year)` : '';
      const waiting = call.timeoutMs !== undefined ? `each request waits the full ${formatDuration(call.timeoutMs)} timeout × ${call.retry + 1} attempts` : 'each request waits on it with no bound';
      report({
        range: call.targetRange,
        message: `sync call from \`${service.name}\` to external \`${callLabel(call)}\` has no circuit breaker${availability}: while \`${call.target}\` is down ${waiting}, and the waiting requests exhaust \`${service.name}\`'s threads and connections; add a \`circuit-breaker\` (and a \`fallback\`)`,
        related: [{ message: `external \`${call.target}\``, range: target.nameRange }],
        fixes: [{ title: 'Add a circuit breaker', edits: [insertProperty(call.statement, BREAKER, model.document, 'start')] }],
      });
    }
  },
};
