import type { Rule } from '../types';

export const noOrchestrator: Rule = {
  id: 'saga/no-orchestrator',
  severity: 'error',
  description: 'An orchestrated saga that names no orchestrator service.',
  check({ model, report }) {
    for (const saga of model.elements.values()) {
      if (saga.kind !== 'saga' || saga.style !== 'orchestration' || saga.props.has('orchestrator')) continue;
      const style = saga.props.statement('style');
      report({
        range: style?.range ?? saga.nameRange,
        message:
          `saga \`${saga.name}\` is \`style orchestration\` with ${saga.steps.length} step${saga.steps.length === 1 ? '' : 's'} but no \`orchestrator\`: ` +
          `nothing owns the saga's state, drives the steps or runs the compensations when one fails; name the service with \`orchestrator SERVICE\``,
      });
    }
  },
};
