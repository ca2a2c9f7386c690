import type { Diagnostic } from '../../language/diagnostic';
import type { ArchModel, Scenario } from '../../language/model/types';
import { containsRange, type Range } from '../../language/range';

/*
 * The errors that make a run meaningless, for `faultline simulate` and the editor's runs alike: a syntax error
 * anywhere, and any error inside a scenario that will run, inside its target, or inside the store a lock target
 * runs on. An invalid property of the target (`replicas 1e400`) is not simply left out: the simulator would run
 * its default instead (one replica), a design other than the one written.
 */
export function blockingErrors(model: ArchModel, scenarios: readonly Scenario[]): Diagnostic[] {
  const ranges: Range[] = [];
  for (const s of scenarios) {
    ranges.push(s.statement.range);
    const target = s.target === undefined ? undefined : model.elements.get(s.target);
    if (!target) continue;
    ranges.push(target.statement.range);
    const backend = target.kind === 'lock' && target.backend !== undefined ? model.elements.get(target.backend) : undefined;
    if (backend) ranges.push(backend.statement.range);
  }
  return model.diagnostics.filter((d) => d.severity === 'error' && (d.rule === 'syntax' || ranges.some((r) => containsRange(r, d.range))));
}
