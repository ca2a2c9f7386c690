import type { Fault } from '../../language/model/types';

/*
 * Which `at …` line of the scenario a fault record of the history comes from, so that the timeline's fault events
 * link to their line. The records carry no line (the checkers need none, and adding one would touch the hot path):
 * the engine runs a fault at exactly its `atMs`, in source order, so a record of the right kind at that instant —
 * on the right member, in the right zone — is its effect. The one fault that fires later is `pause holder`, which
 * waits for a holder to hold the lock: it is matched to the earliest such line at or before the pause.
 */

/** What the matcher knows of the lane a record happens on. */
export interface LaneRole {
  /** A member of the replicated group: its number in that group's history (for `crash 2`, `pause 1 3s`). */
  member?: number;
  /** A lock holder (for `crash holder`, `pause holder`). */
  holder?: boolean;
  zone?: string;
}

export type FaultRecordKind = 'crash' | 'restart' | 'pause' | 'partition' | 'heal' | 'drop' | 'fault-skipped' | 'step-fails';

/** The first word of a `fault-skipped` record's `what`, and the faults it may come from. */
const SKIPPED: Readonly<Record<string, readonly Fault['kind'][]>> = {
  crash: ['crash', 'lose-zone'],
  restart: ['restart'],
  pause: ['pause'],
  fail: ['fail-step'],
};

export class FaultMatcher {
  private readonly used: number[];
  private readonly fired = new Set<string>();

  constructor(private readonly faults: readonly Fault[]) {
    this.used = faults.map(() => 0);
  }

  /** The index in `faults` of the line a record comes from, or undefined (a fault the runner made up, or none). */
  match(kind: FaultRecordKind, t: number, role: LaneRole = {}, what = ''): number | undefined {
    let best: number | undefined;
    for (let k = 0; k < this.faults.length; k++) {
      if (!this.fits(k, kind, t, role, what)) continue;
      // A line that already matched a record loses to one that has not (`at 5s crash 0` and `at 5s crash leader`),
      // except for the faults that strike many members at once (`lose zone`, `restart`).
      if (best === undefined || (this.used[best]! > 0 && this.used[k] === 0)) best = k;
    }
    if (best !== undefined) this.used[best]!++;
    return best;
  }

  /** True the first time fault `k` is marked at instant `t`: one marker per firing, however many records it made. */
  firstFiring(k: number, t: number): boolean {
    const key = `${k}@${t}`;
    if (this.fired.has(key)) return false;
    this.fired.add(key);
    return true;
  }

  private fits(k: number, kind: FaultRecordKind, t: number, role: LaneRole, what: string): boolean {
    const f = this.faults[k]!;
    const deferred = kind === 'pause' && f.kind === 'pause' && f.node.kind === 'holder';
    if (deferred ? f.atMs > t || this.used[k]! > 0 : f.atMs !== t) return false;
    switch (kind) {
      case 'crash':
        if (f.kind === 'lose-zone') return role.zone === f.zone;
        return f.kind === 'crash' && this.selects(f.node, role);
      case 'pause':
        return f.kind === 'pause' && this.selects(f.node, role);
      case 'restart':
        return f.kind === 'restart' && (f.node === undefined || f.node.kind === 'leader' || this.selects(f.node, role));
      case 'partition':
      case 'heal':
      case 'drop':
        return f.kind === kind;
      case 'step-fails':
        return f.kind === 'fail-step';
      case 'fault-skipped':
        return (SKIPPED[what.split(' ')[0] ?? ''] ?? []).includes(f.kind);
    }
  }

  private selects(node: Extract<Fault, { kind: 'crash' }>['node'], role: LaneRole): boolean {
    if (node.kind === 'holder') return role.holder === true;
    if (node.kind === 'leader') return role.member !== undefined;
    return role.member === node.index;
  }
}
