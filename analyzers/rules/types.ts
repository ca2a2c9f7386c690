import type { Diagnostic, Fix, RelatedInformation, Severity } from '../../language/diagnostic';
import type { Range } from '../../language/range';
import type { ArchModel } from '../../language/model/types';
import type { FaultlineConfig } from '../config/schema';

/** What a rule says about itself: shown by `faultline rules`, SARIF `tool.driver.rules`, hover and docs. */
export interface RuleMeta {
  /** Stable id, e.g. `quorum/no-overlap`. The part before `/` is the category. */
  id: string;
  severity: Severity;
  /** One line, present tense: what the rule finds. Must match the doc page's description. */
  description: string;
  /** Whether the rule offers a mechanical fix. */
  fixable?: boolean;
}

export interface Report {
  range: Range;
  message: string;
  related?: RelatedInformation[];
  fixes?: Fix[];
  /** Overrides the rule's default severity for this one report (e.g. `retry/no-backoff` is info for constant). */
  severity?: Severity;
}

export interface RuleContext {
  model: ArchModel;
  config: FaultlineConfig;
  report(report: Report): void;
}

export interface Rule extends RuleMeta {
  check(context: RuleContext): void;
}

export type { Diagnostic };
