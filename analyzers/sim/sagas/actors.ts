import { idle, type Actor, type ActorCtx, type ActorOutput, type ActorTimerOp, type Outgoing } from '../actors/host';

/*
 * A saga instance as two pure actors (analyzers/sim/actors/host.ts), both logical — state kept in a database, not
 * in one process — and speaking through the replicas of the services involved:
 *
 * Coordinator (the instance's saga log): sends each request — a step's action, or a compensation — from its
 *   *driver* node to a live replica of the target service, waits for the answer up to the request's timeout, and
 *   sends it again after a timeout or, after a failure answer, after the backoff; at most `attempts` sends. The
 *   driver is the orchestrator's replica (orchestration) or, in a choreography, the replica of the participant that
 *   applied the step before (its event triggers the next step; the saga's client triggers the first). A driver that
 *   crashed is replaced, at its next timer, by a live replica of its service (the outbox or saga log is shared);
 *   with none live the request waits.
 *   When a step's action runs out of attempts, compensations run for the steps before it, in reverse order — the
 *   steps whose action the driver saw succeed (a step without `compensate` is skipped: it cannot be undone). A
 *   compensation that runs out of attempts is given up too, and the next one runs. An answer that comes after its
 *   request was given up is ignored.
 * Ledger (the rows this instance left in each participant's database): a step's action fails from the `fail step`
 *   instant on; otherwise it is applied — a second delivery is applied again unless the operation is `idempotent`,
 *   in which case the participant recognises it and only answers. A compensation likewise.
 */

export type Op = 'action' | 'compensate';

export type SagaMsg =
  | { readonly kind: 'request'; readonly instance: number; readonly op: Op; readonly step: number; readonly attempt: number }
  | { readonly kind: 'reply'; readonly instance: number; readonly op: Op; readonly step: number; readonly attempt: number; readonly ok: boolean }
  /** Choreography: the participant's own event that it applied a step (delivered in the same process). */
  | { readonly kind: 'applied'; readonly instance: number; readonly op: Op; readonly step: number };

export type SagaRecord =
  | { readonly t: number; readonly kind: 'saga-start'; readonly instance: number; readonly driver: number }
  /** What a participant did with a request: applied it (`duplicate`: it had applied it before), recognised a duplicate and ignored it, or failed it. */
  | { readonly t: number; readonly kind: 'saga-effect'; readonly instance: number; readonly op: Op; readonly step: number; readonly effect: 'applied' | 'ignored' | 'failed'; readonly node: number; readonly duplicate: boolean }
  | { readonly t: number; readonly kind: 'saga-retry'; readonly instance: number; readonly op: Op; readonly step: number; readonly attempt: number; readonly why: 'timeout' | 'failed'; readonly driver: number }
  | { readonly t: number; readonly kind: 'saga-give-up'; readonly instance: number; readonly op: Op; readonly step: number; readonly attempts: number }
  | { readonly t: number; readonly kind: 'saga-cannot-undo'; readonly instance: number; readonly step: number }
  | { readonly t: number; readonly kind: 'saga-wait'; readonly instance: number; readonly op: Op; readonly step: number }
  /** The coordinator has nothing left to send: what it believes the outcome is (the checker does not read it). */
  | { readonly t: number; readonly kind: 'saga-end'; readonly instance: number; readonly belief: 'completed' | 'compensated' | 'gave-up' }
  /** `at T fail step NAME` took effect. */
  | { readonly t: number; readonly kind: 'step-fails'; readonly step: number };

export interface RequestConfig {
  service: number;
  timeoutMs: number;
  backoffMs: number;
}

export interface CoordinatorConfig {
  instance: number;
  style: 'orchestration' | 'choreography';
  steps: readonly { action: RequestConfig; compensate: RequestConfig | null }[];
  /** Nodes of each service. */
  replicas: readonly (readonly number[])[];
  /** The service of each node (-1: the client). */
  serviceOfNode: readonly number[];
  orchestrator: number | null;
  attempts: number;
  /** The client node (drives a choreography's first step). */
  client: number;
  /** Actor index of this instance's ledger. */
  ledger: number;
}

interface Delivery {
  readonly op: Op;
  readonly step: number;
  readonly driver: number;
  readonly attempt: number;
  readonly status: 'pending' | 'acked' | 'gave-up';
  /** The latest send got a failure answer (its timer now waits out the backoff). */
  readonly failed: boolean;
}

export interface CoordinatorState {
  readonly deliveries: readonly Delivery[];
  readonly compensating: boolean;
  readonly forwardDone: boolean;
  /** Steps the compensation had to skip: they have no `compensate`. */
  readonly skipped: readonly number[];
  readonly ended: boolean;
}

const START = 'start';
const key = (op: Op, step: number) => `${op === 'action' ? 'a' : 'c'}${step}`;

class Fx {
  readonly send: Outgoing<SagaMsg>[] = [];
  readonly timers: ActorTimerOp[] = [];
  readonly records: SagaRecord[] = [];
  constructor(readonly ctx: ActorCtx) {}
}

export function coordinator(c: CoordinatorConfig): Actor<CoordinatorState, SagaMsg, SagaRecord, 'start'> {
  const request = (op: Op, step: number): RequestConfig => (op === 'action' ? c.steps[step]!.action : c.steps[step]!.compensate!);
  /** A live node to send from, in place of `driver` if it crashed (null: none up). */
  const liveDriver = (driver: number, ctx: ActorCtx, salt: number): number | null => {
    if (ctx.up[driver]) return driver;
    const service = c.serviceOfNode[driver] ?? -1;
    const pool = service < 0 ? [] : c.replicas[service]!;
    for (let k = 0; k < pool.length; k++) {
      const node = pool[(salt + k) % pool.length]!;
      if (ctx.up[node]) return node;
    }
    return null;
  };
  const emit = (d: Delivery, fx: Fx) => {
    const r = request(d.op, d.step);
    fx.send.push({ from: d.driver, to: c.replicas[r.service]!, actor: c.ledger, msg: { kind: 'request', instance: c.instance, op: d.op, step: d.step, attempt: d.attempt } });
    fx.timers.push({ name: key(d.op, d.step), afterMs: r.timeoutMs });
  };
  const put = (s: CoordinatorState, d: Delivery): CoordinatorState => ({ ...s, deliveries: s.deliveries.map((x) => (x.op === d.op && x.step === d.step ? d : x)) });
  const open = (s: CoordinatorState, op: Op, step: number, driver: number, fx: Fx): CoordinatorState => {
    if (s.deliveries.some((d) => d.op === op && d.step === step)) return s;
    const d: Delivery = { op, step, driver, attempt: 1, status: 'pending', failed: false };
    emit(d, fx);
    return { ...s, deliveries: [...s.deliveries, d] };
  };
  /** Compensate the steps from `from` down: the first that has a compensation gets its request. */
  const compensateFrom = (s: CoordinatorState, from: number, driver: number, fx: Fx): CoordinatorState => {
    for (let i = from; i >= 0; i--) {
      if (c.steps[i]!.compensate) return open(s, 'compensate', i, driver, fx);
      if (s.skipped.includes(i)) continue;
      fx.records.push({ t: fx.ctx.now, kind: 'saga-cannot-undo', instance: c.instance, step: i });
      s = { ...s, skipped: [...s.skipped, i] };
    }
    return s;
  };
  const advance = (s: CoordinatorState, op: Op, step: number, driver: number, fx: Fx): CoordinatorState => {
    if (op === 'compensate') return compensateFrom(s, step - 1, driver, fx);
    if (s.compensating && c.style === 'orchestration') return s;
    if (step + 1 < c.steps.length) return open(s, 'action', step + 1, driver, fx);
    return { ...s, forwardDone: true };
  };
  const giveUp = (s: CoordinatorState, d: Delivery, fx: Fx): CoordinatorState => {
    fx.records.push({ t: fx.ctx.now, kind: 'saga-give-up', instance: c.instance, op: d.op, step: d.step, attempts: d.attempt });
    fx.timers.push({ name: key(d.op, d.step), cancel: true });
    s = put(s, { ...d, status: 'gave-up' });
    if (d.op === 'action') {
      if (s.compensating) return s;
      return compensateFrom({ ...s, compensating: true }, d.step - 1, d.driver, fx);
    }
    return compensateFrom(s, d.step - 1, d.driver, fx);
  };
  /** Send `d` again (a timeout, or a failure answer after its backoff), or give it up. */
  const retry = (s: CoordinatorState, d: Delivery, why: 'timeout' | 'failed', fx: Fx): CoordinatorState => {
    if (d.attempt >= c.attempts) return giveUp(s, d, fx);
    const driver = liveDriver(d.driver, fx.ctx, c.instance + d.attempt);
    if (driver === null) {
      fx.records.push({ t: fx.ctx.now, kind: 'saga-wait', instance: c.instance, op: d.op, step: d.step });
      fx.timers.push({ name: key(d.op, d.step), afterMs: request(d.op, d.step).timeoutMs });
      return s;
    }
    const next: Delivery = { ...d, driver, attempt: d.attempt + 1, failed: false };
    fx.records.push({ t: fx.ctx.now, kind: 'saga-retry', instance: c.instance, op: d.op, step: d.step, attempt: next.attempt, why: d.failed ? 'failed' : why, driver });
    emit(next, fx);
    return put(s, next);
  };
  const finish = (s: CoordinatorState, fx: Fx): CoordinatorState => {
    if (s.ended || s.deliveries.length === 0 || s.deliveries.some((d) => d.status === 'pending')) return s;
    const comps = s.deliveries.filter((d) => d.op === 'compensate');
    const belief = s.forwardDone && !s.compensating ? 'completed' : s.compensating && s.skipped.length === 0 && comps.every((d) => d.status === 'acked') ? 'compensated' : 'gave-up';
    fx.records.push({ t: fx.ctx.now, kind: 'saga-end', instance: c.instance, belief });
    return { ...s, ended: true };
  };
  const begin = (s: CoordinatorState, fx: Fx): CoordinatorState => {
    const pool = c.orchestrator === null ? [c.client] : c.replicas[c.orchestrator]!;
    let driver: number | null = null;
    for (let k = 0; k < pool.length && driver === null; k++) {
      const node = pool[(c.instance + k) % pool.length]!;
      if (fx.ctx.up[node]) driver = node;
    }
    if (driver === null) {
      fx.records.push({ t: fx.ctx.now, kind: 'saga-wait', instance: c.instance, op: 'action', step: 0 });
      fx.timers.push({ name: START, afterMs: c.steps[0]!.action.timeoutMs });
      return s;
    }
    fx.records.push({ t: fx.ctx.now, kind: 'saga-start', instance: c.instance, driver });
    return open(s, 'action', 0, driver, fx);
  };
  return {
    name: `saga #${c.instance}`,
    init: () => ({ deliveries: [], compensating: false, forwardDone: false, skipped: [], ended: false }),
    step(s, input, ctx): ActorOutput<CoordinatorState, SagaMsg, SagaRecord> {
      const fx = new Fx(ctx);
      let next = s;
      if (input.kind === 'control' || (input.kind === 'timer' && input.name === START)) {
        if (s.deliveries.length === 0) next = begin(s, fx);
      } else if (input.kind === 'timer') {
        const d = s.deliveries.find((x) => key(x.op, x.step) === input.name);
        if (d && d.status === 'pending') next = retry(s, d, 'timeout', fx);
      } else if (input.kind === 'message') {
        const m = input.msg;
        const d = s.deliveries.find((x) => x.op === m.op && x.step === m.step);
        if (m.kind === 'reply' && d && d.status === 'pending') {
          if (m.ok) {
            // Any send's success will do: the step is applied.
            fx.timers.push({ name: key(d.op, d.step), cancel: true });
            next = put(s, { ...d, status: 'acked' });
            if (c.style === 'orchestration') next = advance(next, d.op, d.step, input.via, fx);
          } else if (m.attempt === d.attempt) {
            // A failure answer to the latest send: the next one waits out the backoff (or there is none left).
            if (d.attempt >= c.attempts) next = giveUp(s, d, fx);
            else {
              fx.timers.push({ name: key(d.op, d.step), afterMs: request(d.op, d.step).backoffMs });
              next = put(s, { ...d, failed: true });
            }
          }
        } else if (m.kind === 'applied' && c.style === 'choreography') {
          next = advance(s, m.op, m.step, input.via, fx);
        }
      }
      next = finish(next, fx);
      return { state: next, send: fx.send, timers: fx.timers, records: fx.records };
    },
  };
}

// ---- ledger

export interface LedgerConfig {
  instance: number;
  style: 'orchestration' | 'choreography';
  steps: readonly { actionIdempotent: boolean; compensateIdempotent: boolean; failsFromMs: number }[];
  /** Actor index of this instance's coordinator. */
  coordinator: number;
}

export interface LedgerState {
  /** Times each step's action was applied. */
  readonly actions: readonly number[];
  /** Times each step's compensation was applied. */
  readonly undos: readonly number[];
}

export function ledger(c: LedgerConfig): Actor<LedgerState, SagaMsg, SagaRecord, never> {
  return {
    name: `saga #${c.instance} ledger`,
    init: () => ({ actions: c.steps.map(() => 0), undos: c.steps.map(() => 0) }),
    step(s, input, ctx): ActorOutput<LedgerState, SagaMsg, SagaRecord> {
      if (input.kind !== 'message' || input.msg.kind !== 'request') return idle(s);
      const m = input.msg;
      const step = c.steps[m.step]!;
      const reply = (ok: boolean): Outgoing<SagaMsg> => ({ from: input.via, to: input.from, actor: c.coordinator, msg: { kind: 'reply', instance: c.instance, op: m.op, step: m.step, attempt: m.attempt, ok } });
      const notice: Outgoing<SagaMsg>[] = c.style === 'choreography' ? [{ from: input.via, to: input.via, actor: c.coordinator, msg: { kind: 'applied', instance: c.instance, op: m.op, step: m.step } }] : [];
      const base = { t: ctx.now, kind: 'saga-effect' as const, instance: c.instance, op: m.op, step: m.step, node: input.via };
      if (m.op === 'action' && ctx.now >= step.failsFromMs) return { state: s, send: [reply(false)], timers: [], records: [{ ...base, effect: 'failed', duplicate: false }] };
      const counts = m.op === 'action' ? s.actions : s.undos;
      const seen = counts[m.step]! > 0;
      const idempotent = m.op === 'action' ? step.actionIdempotent : step.compensateIdempotent;
      if (seen && idempotent) return { state: s, send: [reply(true), ...notice], timers: [], records: [{ ...base, effect: 'ignored', duplicate: true }] };
      const bumped = counts.map((n, i) => (i === m.step ? n + 1 : n));
      const state = m.op === 'action' ? { ...s, actions: bumped } : { ...s, undos: bumped };
      return { state, send: [reply(true), ...notice], timers: [], records: [{ ...base, effect: 'applied', duplicate: seen }] };
    },
  };
}
