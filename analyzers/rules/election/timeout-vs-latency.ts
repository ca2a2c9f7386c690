import type { Rule } from '../types';
import { worstLatencyWithin } from '../../../language/model/topology';
import { runsElection } from '../../../language/model/semantics';
import { electionParams, showTimeout } from './params';

export const timeoutVsLatency: Rule = {
  id: 'election/timeout-vs-latency',
  severity: 'warning',
  description: 'The minimum election timeout of an element that runs an election is less than 10 × the worst one-way latency between the members.',
  check({ model, report }) {
    for (const e of model.elements.values()) {
      // Only where the members elect (SPEC §5.2): `election` ≠ none or a consensus cluster — never where a
      // coordinator chooses the leader, nor a naive failover that runs no election.
      if (!runsElection(e)) continue;
      const p = electionParams(e);
      if (!p || p.element.replicas < 2) continue;
      const worst = worstLatencyWithin(model, p.element);
      const floor = 10 * worst;
      if (p.timeout.min >= floor) continue;
      const timeoutStmt = e.props.statement('election-timeout');
      const zones = e.props.statement('zones');
      report({
        range: timeoutStmt?.range ?? e.nameRange,
        message: `minimum election timeout ${p.timeout.min}ms${p.timeoutDeclared ? '' : ` (default ${showTimeout(p.timeout)})`} < 10 × worst one-way latency ${worst}ms between members = ${Math.round(floor * 100) / 100}ms: ordinary network delay looks like a dead leader, so elections start spuriously and terms churn; raise the minimum to ≥ ${Math.round(floor * 100) / 100}ms`,
        related: zones ? [{ message: `members placed over ${p.element.zones.join(', ')}`, range: zones.range }] : undefined,
      });
    }
  },
};
