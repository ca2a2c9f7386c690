import type { Element } from '../../../language/model/types';
import { isDeployable } from '../../../language/model/topology';
import { isConsensusGroup } from '../../analysis/quorum';
import { setProperty } from '../../analysis/block-edits';
import type { Rule } from '../types';

/** Why a backend cannot give mutual exclusion by its kind/consistency; undefined when it can. */
function weakness(b: Element): string | undefined {
  if (b.kind === 'cluster') return isConsensusGroup(b) ? undefined : `cluster \`${b.name}\` runs no consensus (consensus none)`;
  if (b.kind === 'store') {
    const level = b.consistency?.level;
    if (level === 'linearizable' || level === 'strong') return undefined;
    return `store \`${b.name}\` is not linearizable (consistency ${level ?? 'not declared'}): two clients can both read the lock as free`;
  }
  if (b.kind === 'cache') return `cache \`${b.name}\` is neither a consensus cluster nor a linearizable store: failover or eviction can lose a granted lock`;
  return `\`${b.name}\` is a ${b.kind}, not a consensus cluster or linearizable store`;
}

export const weakBackend: Rule = {
  id: 'lock/weak-backend',
  severity: 'error',
  description: 'A lock backend that is not a consensus cluster nor a linearizable store, or that has 1 replica.',
  fixable: true,
  check({ model, report }) {
    for (const lock of model.elements.values()) {
      if (lock.kind !== 'lock' || !lock.backend) continue;
      const backend = model.elements.get(lock.backend);
      if (!backend) continue;
      const weak = weakness(backend);
      const single = isDeployable(backend) && backend.replicas === 1;
      if (!weak && !single) continue;
      const reasons = [
        ...(weak ? [weak] : []),
        ...(single ? [`\`${backend.name}\` has 1 replica: when it fails the lock is unavailable, and if it restarts without its state the lock can be granted twice`] : []),
      ];
      const property = lock.props.statement('backend');
      const value = property?.atoms[0];
      const replicas = isDeployable(backend) ? backend.props.statement('replicas') : undefined;
      // Only the replica count is mechanical; choosing another backend is a design decision.
      const fixes = !weak && single ? [{ title: `Set \`replicas 3\` on \`${backend.name}\``, edits: [setProperty(backend.statement, replicas, 'replicas', '3', model.document)] }] : undefined;
      report({
        range: value?.range ?? lock.nameRange,
        message: `lock \`${lock.name}\` uses a weak backend: ${reasons.join('; and ')}; back locks with a consensus cluster (etcd, ZooKeeper) or a linearizable store of 3 or more replicas`,
        related: [{ message: `backend of \`${lock.name}\``, range: backend.nameRange }],
        ...(fixes ? { fixes } : {}),
      });
    }
  },
};
