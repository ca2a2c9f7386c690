import type { Rule } from '../types';
import { hasQuorumMath, isConsensusGroup, majorityOf } from '../../analysis/quorum';
import { setProperty } from '../../analysis/block-edits';

export const noFaultTolerance: Rule = {
  id: 'quorum/no-fault-tolerance',
  severity: 'error',
  description: 'A consensus group with fewer than 3 members: losing any one member stops it.',
  fixable: true,
  check({ model, report }) {
    for (const group of model.elements.values()) {
      if (!hasQuorumMath(group) || !isConsensusGroup(group) || group.replicas >= 3) continue;
      const n = group.replicas;
      const statement = group.props.statement('replicas');
      const what = group.kind === 'cluster' ? `consensus ${group.consensus ?? '(undeclared)'}` : `election ${group.election}`;
      report({
        range: statement?.range ?? group.nameRange,
        message: `\`${group.name}\` runs ${what} on ${n} member${n === 1 ? '' : 's'}: the majority is ${majorityOf(n)}, so it tolerates 0 failures — one crash or restart stops elections and writes; use 3 replicas (tolerates 1) or 5 (tolerates 2)`,
        fixes: [{ title: 'Use 3 replicas', edits: [setProperty(group.statement, statement, 'replicas', '3', model.document)] }],
      });
    }
  },
};
