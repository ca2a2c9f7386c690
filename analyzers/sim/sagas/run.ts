import type { ArchModel, Expectation, Fault, Network, Saga, Scenario } from '../../../language/model/types';
import { Host, type HostRecord, type NodeSpec } from '../actors/host';
import { hostLine, isHostRecord, pickLines, type Line } from '../actors/trace';
import { checkSagaAtomic, type SagaAtomic } from '../checkers/saga-atomic';
import { SIM_DEFAULTS } from '../defaults';
import type { CancelToken, EngineResult, Limits } from '../engine';
import { duration, plural } from '../format';
import { judged, limitsOf, notChecked, outcome, type ExpectationResult, type RunMetrics, type SeedResultCore, type SimulateOptions } from '../result';
import type { TraceOptions } from '../trace';
import { traceCutLines } from '../trace-budget';
import { coordinator, ledger, type SagaMsg, type SagaRecord } from './actors';
import { planSaga, type SagaPlan } from './plan';

/*
 * One seed of a saga scenario (SPEC §4, "Sagas"): the saga's instances — one at t=0, or `load` per second over the
 * duration — run on the host (actors/host.ts) across the orchestrator's and the participants' replicas, under the
 * scenario's faults; then, with no new faults or instances, until every instance has ended (its settle phase), and
 * `saga-atomic` is judged from what the participants applied.
 *
 * Faults: `lose zone Z` / `crash zone Z` crash every replica placed in Z, `restart` restarts them; partitions and
 * `drop` apply between replicas (the saga's client and externals are never partitioned off); `fail step` makes
 * that step's action fail from then on. A saga has no leader and no numbered members: `crash N`, `crash leader`,
 * `pause …` and `restart N` are recorded as skipped.
 *
 * run.ts imports this module, so this one does not import run.ts (no import cycle): `simulateSaga`'s result is
 * written out here, and run.ts checks that it fits SeedResult.
 */

export interface SagaRunOptions {
  seed: number;
  limits: Limits;
  now?: () => number;
  cancel?: CancelToken;
  trace: boolean;
  traceOptions?: TraceOptions;
}

export interface SagaMetrics {
  instances: number;
  completed: number;
  compensated: number;
  broken: number;
  /** Deliveries applied again by a participant whose operation is not idempotent. */
  duplicates: number;
  /** Duplicates recognised and ignored (idempotent operations). */
  ignoredDuplicates: number;
  /** Requests sent again (timeouts and failure answers). */
  retries: number;
}

export interface SagaRun {
  verdict: SagaAtomic;
  engine: EngineResult;
  endMs: number;
  metrics: SagaMetrics;
  summary: string;
  trace: string[];
  /** The run's history, the one the checker read (every message too when tracing), and its nodes (0: the client, then each service's replicas): the timeline view's input. */
  history: readonly (HostRecord | SagaRecord)[];
  nodes: readonly NodeSpec[];
  /** Per node: its index in `plan.services` (-1: the client). */
  serviceOfNode: readonly number[];
}

export function describeSaga(plan: SagaPlan, seed: number): string {
  const who = plan.style === 'orchestration' ? `orchestrated by ${plan.services[plan.orchestrator!]!.name}` : 'choreographed';
  const instances = plan.load === null ? 'one instance' : `${plan.load} instances/s`;
  const steps = plan.steps
    .map((s) => {
      const notes = [...(s.compensate ? [] : ['no compensate']), ...(s.action.idempotent ? [] : ['not idempotent']), ...(s.compensate && !s.compensate.idempotent ? ['compensation not idempotent'] : [])];
      return notes.length ? `${s.name} (${notes.join(', ')})` : s.name;
    })
    .join(' → ');
  return `seed ${seed}: saga ${plan.saga.name}, ${who}, ${plural(plan.steps.length, 'step')}: ${steps}; ${plural(plan.attempts, 'send')} per request at most; ${instances} over ${duration(plan.durationMs)} + settle up to ${duration(plan.settleMs)}`;
}

export function runSaga(plan: SagaPlan, faults: readonly Fault[], network: Readonly<Network>, o: SagaRunOptions): SagaRun {
  const nodes: NodeSpec[] = [{ name: 'client', zone: '', anywhere: true, lossless: true }];
  const replicas: number[][] = [];
  const serviceOfNode: number[] = [-1];
  plan.services.forEach((s, k) => {
    replicas.push(
      s.replicas.map((r) => {
        nodes.push({ name: r.name, zone: r.zone, ...(r.region !== undefined ? { region: r.region } : {}), anywhere: r.anywhere });
        serviceOfNode.push(k);
        return nodes.length - 1;
      }),
    );
  });
  const host = new Host<SagaMsg, SagaRecord, 'start'>({
    nodes,
    latency: network,
    seed: o.seed,
    limits: o.limits,
    ...(o.now ? { now: o.now } : {}),
    ...(o.cancel ? { cancel: o.cancel } : {}),
    trace: o.trace,
    describe: (m) => describeMsg(m, plan),
  });

  // Instances: one at t=0, or `load` per second (gaps of 1000/load ms ±50%), each drawn when the one before starts —
  // as world.ts draws its client writes — so a shorter run is the same run cut short.
  const steps = plan.steps.map((s) => ({ action: { service: s.action.service, timeoutMs: s.action.timeoutMs, backoffMs: s.action.backoffMs }, compensate: s.compensate ? { service: s.compensate.service, timeoutMs: s.compensate.timeoutMs, backoffMs: s.compensate.backoffMs } : null }));
  const ledgerSteps = plan.steps.map((s) => ({ actionIdempotent: s.action.idempotent, compensateIdempotent: s.compensate?.idempotent ?? false, failsFromMs: s.failsFromMs }));
  let instances = 0;
  let open = true;
  const gap = () => (1000 / plan.load!) * (0.5 + host.rng.float());
  const begin = () => {
    if (!open) return;
    const instance = ++instances;
    const c = host.actorCount;
    host.add(coordinator({ instance, style: plan.style, steps, replicas, serviceOfNode, orchestrator: plan.orchestrator, attempts: plan.attempts, client: 0, ledger: c + 1 }));
    host.add(ledger({ instance, style: plan.style, steps: ledgerSteps, coordinator: c }));
    host.control(c, 'start');
    if (plan.load !== null) host.after(gap(), begin);
  };
  const stepIndex = new Map(plan.steps.map((s, i) => [s.name, i]));
  const fault = (f: Fault) => {
    switch (f.kind) {
      case 'lose-zone':
        nodes.forEach((n, i) => n.zone === f.zone && !n.anywhere && host.crash(i));
        return;
      case 'restart':
        if (f.node) return host.skip(`restart ${f.node.kind === 'index' ? f.node.index : f.node.kind}: a saga has no numbered members (\`restart\` restarts every crashed replica)`);
        nodes.forEach((_, i) => host.restart(i));
        return;
      case 'partition':
      case 'heal':
      case 'drop':
        return host.network(f);
      case 'fail-step': {
        const i = stepIndex.get(f.step);
        if (i === undefined) return host.skip(`fail step ${f.step}: no such step`);
        // The ledger reads the instant from the plan (failsFromMs); this record puts it in the history.
        return host.record({ t: host.now, kind: 'step-fails', step: i });
      }
      case 'crash':
      case 'pause':
        return host.skip(`${f.kind} ${f.node.kind === 'index' ? f.node.index : f.node.kind}: a saga has no leader, holder or numbered members (\`crash zone Z\` crashes the replicas in Z)`);
    }
  };
  for (const f of faults) if (f.atMs < plan.durationMs) host.at(f.atMs, () => fault(f));
  // After the faults, so that a fault at the instant a saga starts is already in force (as world.ts orders them).
  if (plan.load === null) host.at(0, begin);
  else if (plan.load > 0) host.at(gap(), begin);
  host.at(plan.durationMs, () => {
    open = false;
    host.record({ t: host.now, kind: 'settle', what: 'no more faults or new sagas; running sagas finish' });
  });
  const run = host.run(plan.durationMs + plan.settleMs);

  const nodeName = (i: number) => nodes[i]?.name ?? `node ${i}`;
  const verdict = checkSagaAtomic(run.history, { steps: plan.steps.map((s) => s.name), actions: plan.steps.map((s) => s.action.label), compensations: plan.steps.map((s) => s.compensate?.label ?? null), nodeName });
  const retries = run.history.filter((r) => r.kind === 'saga-retry').length;
  const metrics: SagaMetrics = { instances: verdict.instances, completed: verdict.completed, compensated: verdict.compensated, broken: verdict.broken, duplicates: verdict.duplicates, ignoredDuplicates: verdict.ignored, retries };
  let trace: string[] = [];
  if (o.trace) {
    // Unless the whole run is asked for: the faults, and the life of the first broken instance (or the first one).
    const all = o.traceOptions?.all === true;
    const id = verdict.passed ? 1 : Number(/^saga #(\d+)/.exec(verdict.detail)?.[1] ?? 1);
    const prefix = `saga #${id} `;
    const keep = (r: HostRecord | SagaRecord): boolean => {
      if (all) return true;
      if (isHostRecord(r)) return (r.kind !== 'send' && r.kind !== 'discard') || r.what.startsWith(prefix);
      return r.kind === 'step-fails' || r.instance === id;
    };
    const lines = run.history.filter(keep).map((r): Line => (isHostRecord(r) ? hostLine(r as HostRecord, nodeName) : sagaLine(r as SagaRecord, plan, nodeName)));
    trace = [...pickLines(lines, all ? o.traceOptions : { all: true }), ...traceCutLines(run.traceCutAtMs)];
  }
  return { verdict, engine: run.engine, endMs: run.endMs, metrics, summary: describeSaga(plan, o.seed), trace, history: run.history, nodes, serviceOfNode };
}

function opText(op: 'action' | 'compensate', step: number, plan: SagaPlan): string {
  const s = plan.steps[step];
  if (!s) return `step ${step}`;
  return op === 'action' ? `${s.name} (${s.action.label})` : `compensation of ${s.name} (${s.compensate?.label ?? '—'})`;
}

function describeMsg(m: SagaMsg, plan: SagaPlan): string {
  switch (m.kind) {
    case 'request':
      return `saga #${m.instance} ${opText(m.op, m.step, plan)}, attempt ${m.attempt}`;
    case 'reply':
      return `saga #${m.instance} ${m.ok ? 'done' : 'FAILED'}: ${opText(m.op, m.step, plan)}, attempt ${m.attempt}`;
    case 'applied':
      return `saga #${m.instance} event: ${opText(m.op, m.step, plan)} applied`;
  }
}

/** A saga record as the trace prints it (the timeline view shows the same text). */
export function sagaLine(r: SagaRecord, plan: SagaPlan, name: (node: number) => string): Line {
  const t = r.t;
  switch (r.kind) {
    case 'saga-start':
      return { t, text: `saga #${r.instance} started (${plan.style === 'orchestration' ? `on ${name(r.driver)}` : 'the client sends its first step'})`, major: true };
    case 'saga-effect': {
      const what = opText(r.op, r.step, plan);
      const text =
        r.effect === 'failed'
          ? `${name(r.node)} failed ${what} of saga #${r.instance}`
          : r.effect === 'ignored'
            ? `${name(r.node)} recognised a duplicate of ${what} of saga #${r.instance} and ignored it`
            : `${name(r.node)} applied ${what} of saga #${r.instance}${r.duplicate ? ' AGAIN (a duplicate; not idempotent)' : ''}`;
      return { t, text, major: r.effect !== 'ignored' || plan.load === null };
    }
    case 'saga-retry':
      return { t, text: `saga #${r.instance}: ${r.why === 'timeout' ? 'no answer' : 'a failure answer'} — ${opText(r.op, r.step, plan)} sent again (attempt ${r.attempt}) from ${name(r.driver)}`, major: plan.load === null };
    case 'saga-give-up':
      return { t, text: `saga #${r.instance}: gave up ${opText(r.op, r.step, plan)} after ${plural(r.attempts, 'attempt')}`, major: true };
    case 'saga-cannot-undo':
      return { t, text: `saga #${r.instance}: ${plan.steps[r.step]?.name ?? r.step} has no compensate: it cannot be undone`, major: true };
    case 'saga-wait':
      return { t, text: `saga #${r.instance}: no replica up to send ${opText(r.op, r.step, plan)} from; waiting`, major: false };
    case 'saga-end':
      return { t, text: `saga #${r.instance}: the coordinator is done and believes it ${r.belief === 'gave-up' ? 'gave up half-way' : r.belief}`, major: true };
    case 'step-fails':
      return { t, text: `step ${plan.steps[r.step]?.name ?? r.step} fails from now on`, major: true };
  }
}

// ---------------------------------------------------------------------------------------------------------
// One seed as run.ts's SeedResult

export type SagaSimulateOptions = SimulateOptions;

export type SagaExpectationResult = ExpectationResult;

/** run.ts's SeedResult for a saga target. */
export interface SagaSeedResult extends SeedResultCore {
  outages: never[];
  metrics: RunMetrics;
  saga?: SagaMetrics;
}

/** Why an expectation is not checked on a saga (undefined: it is). */
export function notSimulatedOnSaga(x: Expectation): string | undefined {
  switch (x.kind) {
    case 'saga-atomic':
      return undefined;
    case 'mutual-exclusion':
      return 'mutual-exclusion is judged on a lock target (its holders and protected store), not a saga';
    case 'stale-reads-below':
      return 'stale reads are judged on a leaderless store, not a saga';
    default:
      return `${x.kind} is judged on a replicated group (store, cluster, lock backend); a saga has no leader and no log`;
  }
}

/** Run one seed of a saga scenario (`label`: run.ts's `expectationLabel`). Never throws. */
export function simulateSaga(model: ArchModel, scenario: Scenario, saga: Saga, options: SagaSimulateOptions, label: (x: Expectation) => string): SagaSeedResult {
  return simulateSagaRun(model, scenario, saga, options, label).result;
}

/** `simulateSaga`, with the plan and the run it made (none when the saga cannot run): what the timeline view reads. */
export function simulateSagaRun(model: ArchModel, scenario: Scenario, saga: Saga, options: SagaSimulateOptions, label: (x: Expectation) => string): { result: SagaSeedResult; plan?: SagaPlan; run?: SagaRun } {
  const base = { seed: options.seed, scenario: scenario.name, target: saga.name, outages: [] as never[], metrics: { failoverMs: [], lostWrites: 0, writes: 0, acknowledged: 0 } };
  const planned = planSaga(model, saga, scenario);
  if (!planned.ok) {
    return { result: { ...base, passed: false, stoppedBy: 'done', error: planned.reason, events: 0, endMs: 0, expectations: scenario.expectations.map((x) => notChecked(label(x), planned.reason)), trace: [] } };
  }
  const plan = planned.plan;
  const tracing = options.trace !== false;
  // A saga's trace follows the life of its first broken instance (or its first), not a window around `focusMs`.
  const traceOptions: TraceOptions | undefined = options.fullTrace ? { all: true, maxLines: SIM_DEFAULTS.maxFullTraceLines } : undefined;
  const run = runSaga(plan, scenario.faults, model.network, {
    seed: options.seed,
    limits: limitsOf(options),
    ...(options.now ? { now: options.now } : {}),
    ...(options.cancel ? { cancel: options.cancel } : {}),
    trace: tracing,
    ...(traceOptions ? { traceOptions } : {}),
  });
  const expectations = scenario.expectations.map((x): SagaExpectationResult => {
    const expect = label(x);
    const why = notSimulatedOnSaga(x);
    if (why) return notChecked(expect, why);
    return judged(expect, run.verdict);
  });
  const result: SagaSeedResult = {
    ...base,
    ...outcome(run.engine, run.endMs, expectations),
    expectations,
    saga: run.metrics,
    trace: tracing ? [run.summary, ...run.trace] : [],
  };
  if (run.engine.error !== undefined) result.error = run.engine.error;
  return { result, plan, run };
}

/** What mergeSeeds hands over of a seed's result. */
interface SeedSaga {
  saga?: SagaMetrics;
}

/** Saga metrics summed over seeds, or undefined when no seed ran a saga. */
export function totalSagas(seeds: readonly SeedSaga[]): SagaMetrics | undefined {
  let t: SagaMetrics | undefined;
  for (const s of seeds) {
    if (!s.saga) continue;
    t ??= { instances: 0, completed: 0, compensated: 0, broken: 0, duplicates: 0, ignoredDuplicates: 0, retries: 0 };
    for (const k of Object.keys(t) as (keyof SagaMetrics)[]) t[k] += s.saga[k];
  }
  return t;
}
