import { at, plural } from '../format';
import type { SagaRecord } from '../sagas/actors';
import type { Verdict } from './types';

/*
 * `saga-atomic` (SPEC §4: "every saga ends all-done or all-compensated"), from what the participants applied — their
 * `saga-effect` records — never from what the coordinator believes. For each instance and step, net = times the
 * action was applied − times its compensation was applied. An instance is
 * - completed when every step's net is 1 (each applied exactly once, net);
 * - compensated when every step's net is 0 (nothing it did is left; a saga whose first step never applied counts);
 * - broken otherwise: a step applied twice (a retry delivered a duplicate to an operation that is not idempotent),
 *   a compensation applied twice (net −1), or some steps left applied beside others undone (half-applied: a step
 *   that cannot be undone, a compensation that never got through, or an action applied whose answer never came back).
 * The scenario passes when no instance is broken. Runs are judged after their settle phase, so every instance has
 * ended by then (one that has not is judged as it stands).
 */

export interface SagaContext {
  /** Step names, in order. */
  steps: readonly string[];
  /** `orders.create` for each step's action, and its compensation (null: none). */
  actions: readonly string[];
  compensations: readonly (string | null)[];
  nodeName: (node: number) => string;
}

export interface SagaAtomic extends Verdict {
  instances: number;
  completed: number;
  compensated: number;
  broken: number;
  /** Deliveries applied again (a duplicate of an action or compensation that is not idempotent). */
  duplicates: number;
  /** Duplicates the participant recognised and ignored (idempotent operations). */
  ignored: number;
}

interface Tally {
  start: number;
  actions: number[];
  undos: number[];
  /** When the instance's effects last changed. */
  last: number;
  firstDuplicate?: { t: number; step: number; op: 'action' | 'compensate'; node: number };
  gaveUp: Set<string>;
}

function describeBroken(id: number, tally: Tally, ctx: SagaContext): string {
  const net = tally.actions.map((a, i) => a - tally.undos[i]!);
  const name = (i: number) => `\`${ctx.steps[i]}\``;
  const twice = net.findIndex((n) => n >= 2);
  if (twice >= 0) {
    const d = tally.firstDuplicate;
    const where = d && d.step === twice && d.op === 'action' ? ` (the duplicate at ${at(d.t)} on ${ctx.nodeName(d.node)})` : '';
    return `saga #${id}: step ${name(twice)} applied ${tally.actions[twice]} times${tally.undos[twice] ? `, undone ${tally.undos[twice]}` : ''}: a retry delivered ${ctx.actions[twice]} again and it is not idempotent${where}`;
  }
  const over = net.findIndex((n) => n < 0);
  if (over >= 0) return `saga #${id}: the compensation of ${name(over)} (${ctx.compensations[over] ?? '—'}) applied ${tally.undos[over]} times for ${plural(tally.actions[over]!, 'action')}: a retry delivered it again and it is not idempotent`;
  const left = net.flatMap((n, i) => (n === 1 ? [i] : []));
  const undone = net.flatMap((n, i) => (n === 0 && tally.actions[i]! > 0 ? [i] : []));
  const never = net.flatMap((n, i) => (n === 0 && tally.actions[i] === 0 ? [i] : []));
  const why = (i: number) => {
    if (tally.gaveUp.has(`action:${i}`)) return `${name(i)} (applied, but no answer reached the coordinator, which gave up on it and compensated the steps before)`;
    if (ctx.compensations[i] === null) return `${name(i)} (no \`compensate\`: it cannot be undone)`;
    if (tally.gaveUp.has(`compensate:${i}`)) return `${name(i)} (its compensation ${ctx.compensations[i]} did not get through)`;
    return `${name(i)} (never compensated)`;
  };
  const parts = [`left applied: ${left.map(why).join(', ')}`];
  if (undone.length) parts.push(`undone: ${undone.map(name).join(', ')}`);
  if (never.length) parts.push(`never applied: ${never.map(name).join(', ')}`);
  return `saga #${id} ended half-applied — ${parts.join('; ')}`;
}

export function checkSagaAtomic<R extends { readonly kind: string }>(history: readonly R[], ctx: SagaContext): SagaAtomic {
  const n = ctx.steps.length;
  const tallies = new Map<number, Tally>();
  let duplicates = 0;
  let ignored = 0;
  const tally = (id: number, t: number): Tally => {
    let x = tallies.get(id);
    if (!x) {
      x = { start: t, actions: new Array<number>(n).fill(0), undos: new Array<number>(n).fill(0), last: t, gaveUp: new Set() };
      tallies.set(id, x);
    }
    return x;
  };
  for (const any of history) {
    const r = any as unknown as SagaRecord;
    if (r.kind === 'saga-start' || r.kind === 'saga-wait') tally(r.instance, r.t);
    else if (r.kind === 'saga-give-up') tally(r.instance, r.t).gaveUp.add(`${r.op}:${r.step}`);
    else if (r.kind === 'saga-effect') {
      const x = tally(r.instance, r.t);
      if (r.effect === 'ignored') ignored++;
      if (r.effect !== 'applied') continue;
      (r.op === 'action' ? x.actions : x.undos)[r.step]!++;
      x.last = r.t;
      if (r.duplicate) {
        duplicates++;
        if (!x.firstDuplicate) x.firstDuplicate = { t: r.t, step: r.step, op: r.op, node: r.node };
      }
    }
  }
  let completed = 0;
  let compensated = 0;
  let broken = 0;
  let first: { id: number; tally: Tally } | undefined;
  for (const [id, x] of [...tallies].sort((a, b) => a[0] - b[0])) {
    const net = x.actions.map((a, i) => a - x.undos[i]!);
    if (net.every((v) => v === 1)) completed++;
    else if (net.every((v) => v === 0)) compensated++;
    else {
      broken++;
      if (!first) first = { id, tally: x };
    }
  }
  const instances = tallies.size;
  const counts = { instances, completed, compensated, broken, duplicates, ignored };
  const outcome = `${plural(instances, 'saga')}: ${completed} completed, ${compensated} compensated, ${broken} broken`;
  const dup = duplicates || ignored ? `; ${plural(duplicates, 'duplicate')} applied, ${ignored} recognised and ignored` : '';
  if (first) {
    return { passed: false, detail: `${describeBroken(first.id, first.tally, ctx)} (${outcome}${dup})`, atMs: first.tally.firstDuplicate?.t ?? first.tally.last, ...counts };
  }
  return { passed: true, detail: `${outcome}${dup}`, ...counts };
}
