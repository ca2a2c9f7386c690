import type { ElementKind } from './property';

/*
 * The scenario language of SPEC §4: the faults that may follow `at T` and the properties that may follow
 * `expect`, each with its shape and a sentence for completion, hover and messages. language/model/scenario.ts
 * reads statements against these; the simulator runs what it read.
 */

export interface ScenarioForm {
  /** The word that starts it: `crash`, `no-split-brain`. */
  word: string;
  /** Its shape, for messages and completion details: `crash leader | crash N | crash zone Z`. */
  form: string;
  doc: string;
}

export interface ExpectationForm extends ScenarioForm {
  /** Target kinds the expectation is checked on. */
  kinds: readonly ElementKind[];
}

/** The words after `at T`, with the shape of what follows, for messages and completion. */
export const FAULT_FORMS: readonly ScenarioForm[] = [
  { word: 'crash', form: 'crash leader | crash N | crash zone Z', doc: 'The node stops: it handles nothing and its unsent messages are lost.' },
  { word: 'restart', form: 'restart [leader | N]', doc: 'Crashed nodes come back with their persisted term, vote and log; with no argument, every crashed node.' },
  { word: 'partition', form: 'partition Z1 | Z2, Z3', doc: 'Messages between the sides (zones separated by `|`) are dropped until `heal`.' },
  { word: 'heal', form: 'heal', doc: 'Every partition is lifted.' },
  { word: 'pause', form: 'pause leader D | pause holder D | pause N D', doc: 'The node stops for D (a GC pause), then resumes as if nothing happened.' },
  { word: 'lose', form: 'lose zone Z', doc: 'Every member placed in zone Z crashes.' },
  { word: 'fail', form: 'fail step NAME', doc: 'The saga step fails permanently from this time on.' },
  { word: 'drop', form: 'drop P%', doc: 'Each message is lost with probability P from this time on.' },
];

export const EXPECTATION_FORMS: readonly ExpectationForm[] = [
  { word: 'no-split-brain', form: 'no-split-brain', doc: 'Never two nodes acknowledging client writes as leader at one instant.', kinds: ['store', 'cluster', 'lock'] },
  { word: 'leader-within', form: 'leader-within D', doc: 'p99 over seeds and failovers: from when no leader can reach a majority to when one can.', kinds: ['store', 'cluster', 'lock'] },
  { word: 'no-lost-writes', form: 'no-lost-writes', doc: 'Every acknowledged write is on the leader that follows.', kinds: ['store', 'cluster'] },
  { word: 'mutual-exclusion', form: 'mutual-exclusion', doc: 'The protected store never accepts a write from a holder whose lease expired.', kinds: ['lock'] },
  { word: 'saga-atomic', form: 'saga-atomic', doc: 'Every saga ends all-done or all-compensated.', kinds: ['saga'] },
  { word: 'stale-reads', form: 'stale-reads below P%', doc: 'The share of reads that return an older value than the last acknowledged write stays under P.', kinds: ['store'] },
];

