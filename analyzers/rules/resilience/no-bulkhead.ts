import { insertProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

export const noBulkhead: Rule = {
  id: 'resilience/no-bulkhead',
  severity: 'info',
  description: 'A service that calls an external and other dependencies from one shared pool: a slow external can take every thread.',
  fixable: true,
  check({ model, report }) {
    for (const service of model.elements.values()) {
      if (service.kind !== 'service' || service.bulkhead !== undefined) continue;
      const targets = [...new Set(service.calls.map((c) => c.target))].filter((t) => model.elements.has(t));
      const externalCall = service.calls.find((c) => model.elements.get(c.target)?.kind === 'external');
      if (targets.length < 2 || !externalCall) continue;
      report({
        range: service.nameRange,
        message: `\`${service.name}\` calls ${targets.length} dependencies (${targets.map((t) => `\`${t}\``).join(', ')}), including external \`${externalCall.target}\`, with no \`bulkhead\`: when \`${externalCall.target}\` slows down, requests waiting on it take every worker and the calls to the others starve too; cap the concurrency per dependency`,
        related: [{ message: `the call to external \`${externalCall.target}\``, range: externalCall.targetRange }],
        fixes: [{ title: 'Add `bulkhead 10`', edits: [insertProperty(service.statement, 'bulkhead 10', model.document, 'start')] }],
      });
    }
  },
};
