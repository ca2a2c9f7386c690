/*
 * The contract of a protocol (ARCHITECTURE.md, "Protocols are pure state machines"): a step is a function of the
 * state, one input and a context of plain values, and returns the next state with what the node wants done —
 * messages to send, timers to set or cancel, answers to clients. A protocol never sees the engine, the clock, the
 * network or the PRNG: the engine draws the one random number a step may use (`ctx.random`) before calling it.
 * States are plain data (structuredClone copies them, deepEqual compares them) and a step never mutates its input.
 */

export type Input<M> =
  /** The node boots, or comes back after a crash (its state is then `recover`'s). */
  | { readonly kind: 'start' }
  | { readonly kind: 'message'; readonly from: number; readonly msg: M }
  /** A timer set under this name fell due (a later set or cancel of the same name supersedes it). */
  | { readonly kind: 'timer'; readonly name: string }
  /** A client asks this node to write; `id` is unique per write (a retry of the same write has the same id). */
  | { readonly kind: 'client-write'; readonly id: number };

export interface Ctx {
  readonly now: number;
  readonly self: number;
  /** Members of the group, 0..n-1. */
  readonly n: number;
  /** A uniform number in [0, 1) drawn by the engine for this step. */
  readonly random: number;
}

export interface Send<M> {
  readonly to: number;
  readonly msg: M;
}

export type TimerOp = { readonly name: string; readonly afterMs: number } | { readonly name: string; readonly cancel: true };

/** What a node tells the client about a write: acknowledged, or "not the leader" with the leader it knows. */
export type Reply = { readonly kind: 'ack'; readonly id: number } | { readonly kind: 'redirect'; readonly id: number; readonly leader: number | null };

/**
 * What a step returns. `state` may be the very input state when the step changed nothing (the engine then skips
 * looking at it again); an empty list may be the shared, frozen NONE: read the lists, never add to them.
 */
export interface Output<S, M> {
  state: S;
  messages: Send<M>[];
  timers: TimerOp[];
  replies: Reply[];
}

/** The empty list a step may return or keep in its state (frozen: shared by everything that has nothing). */
export const NONE: never[] = Object.freeze([]) as never[];

/** What anyone could see from outside a node: whether it acts as leader, and its term (or epoch). */
export interface Observed {
  leader: boolean;
  term: number;
}

export interface Protocol<S, M> {
  readonly name: string;
  init(self: number, n: number): S;
  step(state: S, input: Input<M>, ctx: Ctx): Output<S, M>;
  /** The state a node restarts with after a crash: what it persisted (term, vote, log), volatile parts reset. */
  recover(state: S, self: number, n: number): S;
  observe(state: S): Observed;
  /** The client write ids in the node's log, in log order (no-ops left out). */
  logIds(state: S): number[];
  /** A message for the trace: `RequestVote term 4`. */
  describe(msg: M): string;
}

/** An output with nothing to do but a new state. */
export function quiet<S, M>(state: S): Output<S, M> {
  return { state, messages: [], timers: [], replies: [] };
}
