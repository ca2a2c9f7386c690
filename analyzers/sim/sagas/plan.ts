import { DEFAULTS } from '../../../language/model/defaults';
import type { ArchModel, Element, Fault, Saga, Scenario, StepTarget } from '../../../language/model/types';
import { targetIdempotency } from '../../analysis/idempotency';
import { DEFAULT_LIMITS, SIM_DEFAULTS } from '../defaults';
import { UNZONED } from '../network';

/*
 * What a saga scenario runs (SPEC §4, "Sagas"), decided in one place:
 *
 * - the style: `style`, else orchestration when an `orchestrator` is named, else choreography;
 * - the parts: the orchestrator's replicas (orchestration) and every replica of each element a step's action or
 *   compensation targets, in order of first mention (an element without replicas — an external — is one endpoint
 *   reachable from anywhere; it never crashes, but its messages can be lost);
 * - each request (a step's action, or its compensation): its timeout is the `call` to that operation (or element)
 *   from whoever sends it — the orchestrator, or the previous step's participant — else
 *   SIM_DEFAULTS.sagaStepTimeoutMs; after a failure answer it is sent again after that call's backoff base (else
 *   DEFAULTS.backoffBaseMs); it is sent at most 1 + DEFAULTS.sagaStepRetries times;
 * - whether the participant applies a second delivery again: only when the operation is not declared
 *   `idempotent` (analysis/idempotency.ts, as the static saga rules read it);
 * - instances: one per seed at t=0, or `load` per second over the scenario's duration.
 */

export interface SagaEndpoint {
  name: string;
  zone: string;
  region?: string;
  anywhere: boolean;
}

export interface SagaService {
  name: string;
  replicas: SagaEndpoint[];
}

export interface SagaRequestPlan {
  /** `orders.create`. */
  label: string;
  /** Index into `services`. */
  service: number;
  idempotent: boolean;
  timeoutMs: number;
  backoffMs: number;
}

export interface SagaStepPlan {
  name: string;
  action: SagaRequestPlan;
  /** Null: the step cannot be undone. */
  compensate: SagaRequestPlan | null;
  pivot: boolean;
  /** From this instant on every attempt of the action fails (`fail step`); Infinity: never. */
  failsFromMs: number;
}

export interface SagaPlan {
  saga: Saga;
  style: 'orchestration' | 'choreography';
  services: SagaService[];
  /** Index into `services` of the orchestrator (orchestration only). */
  orchestrator: number | null;
  steps: SagaStepPlan[];
  /** Sends of one request at most: 1 + DEFAULTS.sagaStepRetries. */
  attempts: number;
  /** Instances per second, or null: one instance. */
  load: number | null;
  durationMs: number;
  /** The longest a saga started before the end can still run (its settle phase). */
  settleMs: number;
}

export type SagaPlanResult = { ok: true; plan: SagaPlan } | { ok: false; reason: string };

function endpoints(e: Element | undefined, name: string): SagaEndpoint[] {
  if (!e || !('placement' in e) || e.placement.length === 0) return [{ name, zone: UNZONED, anywhere: true }];
  return e.placement.map((r, i) => {
    const base = { name: `${name}#${i}`, zone: r.zone ?? UNZONED, anywhere: false };
    return r.region !== undefined ? { ...base, region: r.region } : base;
  });
}

/** The `call` from `caller` to `ref`'s operation (or, failing that, to the element). */
function callTo(model: ArchModel, caller: string | undefined, ref: StepTarget): { timeoutMs?: number; backoffMs?: number } {
  const e = caller !== undefined ? model.elements.get(caller) : undefined;
  if (!e || e.kind !== 'service') return {};
  const exact = e.calls.find((c) => c.target === ref.target && c.operation === ref.operation);
  const any = exact ?? e.calls.find((c) => c.target === ref.target && c.operation === undefined);
  if (!any) return {};
  const out: { timeoutMs?: number; backoffMs?: number } = {};
  if (any.timeoutMs !== undefined) out.timeoutMs = any.timeoutMs;
  if (any.backoff?.baseMs !== undefined) out.backoffMs = any.backoff.baseMs;
  return out;
}

export function planSaga(model: ArchModel, saga: Saga, scenario: Scenario): SagaPlanResult {
  if (saga.steps.length === 0) return { ok: false, reason: `saga \`${saga.name}\` has no steps` };
  const style = saga.style ?? (saga.orchestrator !== undefined ? 'orchestration' : 'choreography');
  if (style === 'orchestration' && saga.orchestrator === undefined) return { ok: false, reason: `saga \`${saga.name}\` is orchestrated but names no \`orchestrator\`` };
  const services: SagaService[] = [];
  const index = new Map<string, number>();
  const serviceOf = (name: string): number => {
    const known = index.get(name);
    if (known !== undefined) return known;
    services.push({ name, replicas: endpoints(model.elements.get(name), name) });
    index.set(name, services.length - 1);
    return services.length - 1;
  };
  let orchestrator: number | null = null;
  if (style === 'orchestration') {
    if (!model.elements.has(saga.orchestrator!)) return { ok: false, reason: `orchestrator \`${saga.orchestrator}\` is not declared` };
    orchestrator = serviceOf(saga.orchestrator!);
  }
  const fails = new Map<string, number>();
  const durationMs = scenario.durationMs ?? DEFAULTS.scenarioDurationMs;
  for (const f of scenario.faults as readonly Fault[]) {
    if (f.kind === 'fail-step' && f.atMs < durationMs) fails.set(f.step, Math.min(fails.get(f.step) ?? Infinity, f.atMs));
  }
  const steps: SagaStepPlan[] = [];
  for (let i = 0; i < saga.steps.length; i++) {
    const s = saga.steps[i]!;
    if (!s.action) return { ok: false, reason: `step \`${s.name}\` has no \`action\`` };
    const refs = [s.action, ...(s.compensate ? [s.compensate] : [])];
    for (const r of refs) if (!model.elements.has(r.target)) return { ok: false, reason: `step \`${s.name}\`: \`${r.target}\` is not declared` };
    // Who sends the request: the orchestrator, or (choreography) the participant of the step before.
    const sender = (ref: StepTarget, backwards: boolean): string | undefined => {
      if (style === 'orchestration') return saga.orchestrator;
      const neighbour = backwards ? saga.steps[i + 1]?.action : saga.steps[i - 1]?.action;
      return neighbour?.target ?? (ref === s.action ? undefined : s.action?.target);
    };
    const request = (ref: StepTarget, backwards: boolean): SagaRequestPlan => {
      const call = callTo(model, sender(ref, backwards), ref);
      return {
        label: ref.operation ? `${ref.target}.${ref.operation}` : ref.target,
        service: serviceOf(ref.target),
        idempotent: targetIdempotency(model, ref).idempotent,
        timeoutMs: call.timeoutMs ?? SIM_DEFAULTS.sagaStepTimeoutMs,
        backoffMs: call.backoffMs ?? DEFAULTS.backoffBaseMs,
      };
    };
    steps.push({ name: s.name, action: request(s.action, false), compensate: s.compensate ? request(s.compensate, true) : null, pivot: s.pivot, failsFromMs: fails.get(s.name) ?? Infinity });
  }
  const replicas = services.reduce((a, s) => a + s.replicas.length, 0);
  if (replicas > SIM_DEFAULTS.maxMembers * 4) return { ok: false, reason: `${replicas} replicas are more than the simulator runs for a saga (${SIM_DEFAULTS.maxMembers * 4})` };
  const load = scenario.load !== undefined ? Math.max(0, scenario.load) : null;
  if (load !== null && (load * durationMs) / 1000 > SIM_DEFAULTS.maxSagaInstances) return { ok: false, reason: `load ${load}/s over ${durationMs / 1000}s is more saga instances than the simulator runs (${SIM_DEFAULTS.maxSagaInstances})` };
  const attempts = 1 + DEFAULTS.sagaStepRetries;
  // The longest an instance can take: every request sent every time, each waiting out its timeout and backoff.
  const worst = steps.reduce((a, s) => a + attempts * (s.action.timeoutMs + s.action.backoffMs) + (s.compensate ? attempts * (s.compensate.timeoutMs + s.compensate.backoffMs) : 0), 0);
  // No run gets past the virtual-time limit anyway; a `timeout` of 1e308ms would otherwise make the settle phase
  // (and the run's reported end) Infinity.
  const settleMs = Math.min(worst + SIM_DEFAULTS.sagaStepTimeoutMs, DEFAULT_LIMITS.maxTimeMs);
  return { ok: true, plan: { saga, style, services, orchestrator, steps, attempts, load, durationMs, settleMs } };
}
