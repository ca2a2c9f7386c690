import { Heap } from './heap';

/*
 * A discrete-event simulator: virtual time in milliseconds advances only by popping the next event, and events
 * due at the same instant run in the order they were scheduled. Every run is bounded — by a number of events, a
 * virtual time, a wall time and a cancellation token — and ends with a result saying which bound stopped it, never
 * with a throw or a hang (ARCHITECTURE.md, "A limit on everything").
 *
 * The engine reads no clock of its own: wall time comes from an injected `now()`, so the same code runs in the CLI,
 * a worker or a browser, and a test can drive it with a fake clock. Without `now` there is no wall-time limit.
 */

export interface Limits {
  /** Events handled per run, all phases together. */
  maxEvents: number;
  /** Virtual time (ms) past which no event runs. */
  maxTimeMs: number;
  /** Wall time (ms, as measured by `now`) per run. */
  maxWallMs: number;
  /** How many events run between two checks of the wall clock and the cancellation token. */
  checkEvery: number;
}

/** Set `cancelled` (from any code that holds the token; a getter over shared memory works too) to stop a run. */
export interface CancelToken {
  readonly cancelled: boolean;
}

/**
 * Why a run stopped: `done` (nothing left before the end asked for), a limit (`events`, `time`, `wall`),
 * `cancelled`, or `error` (a handler threw: a bug, reported as a result with its message).
 */
export type StopReason = 'done' | 'events' | 'time' | 'wall' | 'cancelled' | 'error';

export interface EngineResult {
  stoppedBy: StopReason;
  /** Events handled so far (all `run` calls). */
  events: number;
  /** Virtual time reached. */
  timeMs: number;
  /** The handler's error, for `error`. */
  error?: string;
}

export interface EngineOptions {
  limits: Limits;
  now?: () => number;
  cancel?: CancelToken;
}

export class Engine<E> {
  private readonly queue = new Heap<E>();
  private readonly limits: Limits;
  private readonly clock?: () => number;
  private readonly cancel?: CancelToken;
  private readonly wallStart: number;
  private handled = 0;
  private time = 0;

  constructor(options: EngineOptions) {
    this.limits = options.limits;
    this.clock = options.now;
    this.cancel = options.cancel;
    this.wallStart = this.clock ? this.clock() : 0;
  }

  /** The current virtual time (ms). */
  get now(): number {
    return this.time;
  }

  get events(): number {
    return this.handled;
  }

  /** Events waiting. */
  get pending(): number {
    return this.queue.size;
  }

  /** Schedule `event` at `atMs`; a time in the past (or not a number) means now: time never runs backwards. */
  schedule(atMs: number, event: E): void {
    this.queue.push(atMs >= this.time ? atMs : this.time, event);
  }

  /** Schedule `event` `delayMs` from now (negative or NaN: now). */
  after(delayMs: number, event: E): void {
    this.schedule(delayMs > 0 ? this.time + delayMs : this.time, event);
  }

  /**
   * Handle events in order until none is due at or before `untilMs`, or a limit is hit. May be called again with a
   * later `untilMs` (a run in phases); the limits count over all calls.
   */
  run(untilMs: number, handle: (event: E) => void): EngineResult {
    const { maxEvents, maxTimeMs, maxWallMs } = this.limits;
    const every = Math.max(1, Math.floor(this.limits.checkEvery));
    const queue = this.queue;
    const stopAt = untilMs <= maxTimeMs ? untilMs : Infinity;
    try {
      for (let sinceCheck = every; ; sinceCheck++) {
        if (sinceCheck >= every) {
          sinceCheck = 0;
          // The clock first: a token that a clock read cancels (a worker's shared flag, a test) is seen at once.
          const wall = this.clock ? this.clock() - this.wallStart : 0;
          if (this.cancel?.cancelled) return this.result('cancelled');
          if (wall > maxWallMs) return this.result('wall');
        }
        if (queue.size === 0) return this.result('done');
        const t = queue.topTime();
        if (t > stopAt) return this.result('done');
        if (t > maxTimeMs) return this.result('time');
        if (this.handled >= maxEvents) return this.result('events');
        const event = queue.popValue() as E;
        this.time = t;
        this.handled++;
        handle(event);
      }
    } catch (e) {
      return this.result('error', e instanceof Error ? e.message : String(e));
    }
  }

  private result(stoppedBy: StopReason, error?: string): EngineResult {
    const r: EngineResult = { stoppedBy, events: this.handled, timeMs: this.time };
    if (error !== undefined) r.error = error;
    return r;
  }
}
