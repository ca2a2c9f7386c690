import { formatDuration } from '../../../language/values';
import type { Rule } from '../types';
import { electionParams, showTimeout } from './params';

export const timeoutTooClose: Rule = {
  id: 'election/timeout-too-close',
  severity: 'warning',
  description: 'The minimum election timeout is less than twice the heartbeat: one late heartbeat starts an election.',
  check({ model, report }) {
    for (const e of model.elements.values()) {
      const p = electionParams(e);
      if (!p || p.timeout.min >= 2 * p.heartbeatMs) continue;
      const timeoutStmt = e.props.statement('election-timeout');
      const heartbeatStmt = e.props.statement('heartbeat');
      const hb = `${p.heartbeatMs}ms${p.heartbeatDeclared ? '' : ' (default)'}`;
      // The usual advice (Raft uses about 10 heartbeats): 3 to 10 heartbeat intervals, in this element's numbers.
      const advice = `${formatDuration(3 * p.heartbeatMs)}–${formatDuration(10 * p.heartbeatMs)}`;
      report({
        range: timeoutStmt?.range ?? heartbeatStmt?.range ?? e.nameRange,
        message: `minimum election timeout ${p.timeout.min}ms${p.timeoutDeclared ? '' : ` (default ${showTimeout(p.timeout)})`} < 2 × heartbeat ${hb} = ${2 * p.heartbeatMs}ms: a single delayed or lost heartbeat lets a follower depose a healthy leader; keep the minimum at 3–10 heartbeats (${advice})`,
        related: heartbeatStmt && timeoutStmt ? [{ message: `heartbeat ${p.heartbeatMs}ms`, range: heartbeatStmt.range }] : undefined,
      });
    }
  },
};
