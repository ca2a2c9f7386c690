import type { Record } from '../history';
import type { Topology } from '../network';

/** What a checker knows besides the history: the group's shape and what a write needs. Never protocol state. */
export interface CheckContext {
  topology: Topology;
  /** Members a write needs, the leader included (language/model/semantics.ts `requirement`). */
  need: number;
  /** Where the run ended (virtual ms). */
  endMs: number;
}

export interface Verdict {
  passed: boolean;
  detail: string;
  /** The instant the failure shows (for the counterexample's trace). */
  atMs?: number;
}

export type History = readonly Record[];
