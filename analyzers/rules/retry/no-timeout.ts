import { allCalls, callLabel, timeoutSource } from '../../analysis/calls';
import type { Rule } from '../types';
import { insertProperty } from '../../analysis/block-edits';

export const noTimeout: Rule = {
  id: 'retry/no-timeout',
  severity: 'warning',
  description: 'A synchronous call without a timeout: a hung callee holds the caller, its thread and its own caller for ever.',
  fixable: true,
  check({ model, report }) {
    for (const { service, call } of allCalls(model)) {
      if (call.mode !== 'sync' || timeoutSource(model, call) !== 'none') continue;
      const target = model.elements.get(call.target);
      const attempts = call.retry + 1;
      const waits = attempts > 1 ? `each of its ${attempts} attempts (retry ${call.retry}) can wait` : 'it can wait';
      report({
        range: call.targetRange,
        message: `call from \`${service.name}\` to \`${callLabel(call)}\` has no timeout (and no sidecar or ambassador provides one): ${waits} for ever on a hung callee, holding a thread and the upstream request; add \`timeout\``,
        ...(target ? { related: [{ message: `\`${call.target}\` is declared here`, range: target.nameRange }] } : {}),
        fixes: [{ title: 'Add `timeout 1s`', edits: [insertProperty(call.statement, 'timeout 1s', model.document, 'start')] }],
      });
    }
  },
};
