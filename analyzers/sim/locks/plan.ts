import { DEFAULTS } from '../../../language/model/defaults';
import type { ArchModel, Element, Lock } from '../../../language/model/types';
import { SIM_DEFAULTS } from '../defaults';
import { latencyRange, UNZONED } from '../network';

/*
 * What a lock scenario runs (SPEC §4, "Locks"): who holds, where the lock service and the protected store are, the
 * lease and how often holders renew and write. One place decides it, so the actors, the checker and the report
 * agree.
 *
 * - holders: one client per replica of each `holders` element, in declaration order (an element without replicas,
 *   an external, is one holder that is reachable from anywhere);
 * - the lock service: its backend's group when the simulator runs that group — then it serves from the group's
 *   writable leader, wherever that is, and not at all while there is none — else one node at the backend's first
 *   replica (or, without a backend, reachable from anywhere) that is always up;
 * - the protected store (`protects`): one endpoint at its first replica, always up (its own failover is a
 *   scenario of its own); it checks fencing tokens only when the *lock* declares `fencing`;
 * - lease: `lease`, renewed every lease / DEFAULTS.leaseRenewDivisor; a lock without a lease never expires (holders
 *   never renew, and a crashed holder keeps it for good). Holders that do not hold it ask again at the same period.
 *   A holder writes at once when it gets the lock, then every SIM_DEFAULTS.lockWriteEveryMs (at most the renew
 *   period), as long as the lease it believes in outlasts the write's longest trip to the store.
 */

export interface LockEndpoint {
  name: string;
  zone: string;
  region?: string;
  /** Not placed in any zone: reachable whatever the partition. */
  anywhere: boolean;
}

export interface LockHolder extends LockEndpoint {
  /** The `holders` element and the replica this client runs in. */
  element: string;
  replica: number;
  /** The longest one-way trip from this holder to the protected store (ms). */
  marginMs: number;
}

export interface LockPlan {
  lock: Lock;
  /** Lease in ms; null when the lock declares none (it never expires). */
  leaseMs: number | null;
  /** Renewal period of a holder (and the period at which one that does not hold asks). */
  renewMs: number;
  writeEveryMs: number;
  fencing: boolean;
  holders: LockHolder[];
  /** Null when the lock protects nothing (`protects` missing or unknown): mutual exclusion cannot be judged. */
  store: LockEndpoint | null;
  /** Where the lock service is when no backend group runs it. */
  service: LockEndpoint;
}

export type LockPlanResult = { ok: true; plan: LockPlan } | { ok: false; reason: string };

function endpoint(e: Element | undefined, name: string, replica = 0): LockEndpoint {
  const r = e && 'placement' in e ? e.placement[replica] : undefined;
  if (r?.zone === undefined) return { name, zone: UNZONED, anywhere: e === undefined || !('placement' in e) || e.placement.length === 0 };
  return r.region !== undefined ? { name, zone: r.zone, region: r.region, anywhere: false } : { name, zone: r.zone, anywhere: false };
}

export function planLock(model: ArchModel, lock: Lock): LockPlanResult {
  const holders: LockHolder[] = [];
  const store = lock.protects !== undefined && model.elements.has(lock.protects) ? endpoint(model.elements.get(lock.protects), lock.protects) : null;
  for (const name of lock.holders) {
    const e = model.elements.get(name);
    if (!e) return { ok: false, reason: `holder \`${name}\` is not declared` };
    const replicas = 'placement' in e ? Math.max(1, e.placement.length) : 1;
    for (let r = 0; r < replicas; r++) {
      const place = endpoint(e, replicas > 1 || 'placement' in e ? `${name}#${r}` : name, r);
      let marginMs = 0;
      if (store) {
        const range = place.anywhere || store.anywhere ? model.network.crossZone : latencyRange({ n: 2, zone: [place.zone, store.zone], region: [place.region, store.region], latency: model.network }, 0, 1);
        marginMs = range.max;
      }
      holders.push({ ...place, element: name, replica: r, marginMs });
    }
  }
  if (holders.length === 0) return { ok: false, reason: `lock \`${lock.name}\` has no holders` };
  if (holders.length > SIM_DEFAULTS.maxMembers) return { ok: false, reason: `${holders.length} holders are more than the simulator runs (${SIM_DEFAULTS.maxMembers})` };
  const leaseMs = lock.leaseMs !== undefined && lock.leaseMs > 0 ? lock.leaseMs : null;
  const renewMs = leaseMs === null ? SIM_DEFAULTS.lockWriteEveryMs : leaseMs / DEFAULTS.leaseRenewDivisor;
  const backend = lock.backend !== undefined ? model.elements.get(lock.backend) : undefined;
  return {
    ok: true,
    plan: {
      lock,
      leaseMs,
      renewMs,
      writeEveryMs: Math.min(SIM_DEFAULTS.lockWriteEveryMs, renewMs),
      fencing: lock.fencing,
      holders,
      store,
      service: endpoint(backend, 'lock service'),
    },
  };
}
