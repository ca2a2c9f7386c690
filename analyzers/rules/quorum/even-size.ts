import type { Rule } from '../types';
import { hasQuorumMath, isConsensusGroup, majorityOf } from '../../analysis/quorum';
import { replaceValue } from '../../analysis/block-edits';

export const evenSize: Rule = {
  id: 'quorum/even-size',
  severity: 'warning',
  description: 'A consensus group with an even number of members: it tolerates no more failures than one member fewer.',
  fixable: true,
  check({ model, report }) {
    for (const group of model.elements.values()) {
      if (!hasQuorumMath(group) || !isConsensusGroup(group)) continue;
      const n = group.replicas;
      // Fewer than 3 members is quorum/no-fault-tolerance's finding; an even replica count is always declared.
      const statement = group.props.statement('replicas');
      if (n < 4 || n % 2 !== 0 || !statement) continue;
      const tolerated = n - majorityOf(n);
      report({
        range: statement.range,
        message: `${n} members need a majority of ${majorityOf(n)} and tolerate ${tolerated} failure${tolerated === 1 ? '' : 's'}, the same as ${n - 1} members (majority ${majorityOf(n - 1)}); the extra member adds cost and a larger quorum, not safety — use ${n + 1} (tolerates ${n + 1 - majorityOf(n + 1)}) or ${n - 1}`,
        fixes: [{ title: `Use ${n + 1} replicas`, edits: [replaceValue(statement, String(n + 1))] }],
      });
    }
  },
};
