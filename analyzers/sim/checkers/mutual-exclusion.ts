import { at, plural } from '../format';
import type { LockRecord } from '../locks/actors';
import type { Verdict } from './types';

/*
 * `mutual-exclusion` (SPEC §4: "the protected store never accepts a write from a holder whose lease expired"),
 * precisely: it fails when the protected store *accepts* a write carrying token k at an instant t at which the lease
 * of token k is over — t ≥ its expiry as the lock service last set it before t (the grant, or the latest renewal) —
 * or when k was never granted to the writer. Leases are read from the service's `lock-grant` / `lock-renew`
 * records, acceptances from the store's `store-write` records: what the lock service and the store did, never
 * what a holder believed.
 *
 * The service grants a new token only once the previous lease is over, so leases never overlap: a write accepted
 * inside its lease cannot interleave with another holder's. A write accepted after its lease — a holder that
 * resumed from a pause still believing it holds the lock — is exactly the case that can: the next holder may
 * already be writing. Fencing turns such a write away only if a newer token has already written (the store knows no
 * other token); a stale write that lands before the new holder's first write is still accepted, and still fails.
 */

export interface LockContext {
  /** A holder's name for the detail (`replenisher#1`). */
  holderName: (h: number) => string;
  /** The protected store's name. */
  store: string;
  /** Whether the lock declares `fencing` (the store then checks tokens). */
  fencing: boolean;
}

export interface MutualExclusion extends Verdict {
  grants: number;
  accepted: number;
  /** Writes the store turned away (fencing). */
  rejected: number;
  /** Writes accepted outside their lease. */
  violations: number;
  /** The stale and the newer token of the first rejection or violation, when there was one. */
  tokens?: { stale: number; fresh: number };
}

export function checkMutualExclusion<R extends { readonly kind: string }>(history: readonly R[], ctx: LockContext): MutualExclusion {
  const leases = new Map<number, { holder: number; grantedAt: number; expiresMs: number }>();
  let newest: { token: number; holder: number; t: number } | undefined;
  let accepted = 0;
  let rejected = 0;
  let violations = 0;
  let grants = 0;
  let first: { t: number; holder: number; token: number; expiresMs: number | null; newer?: { token: number; holder: number; t: number } } | undefined;
  let firstRejection: { t: number; holder: number; token: number; highest: number } | undefined;
  for (const any of history) {
    const r = any as unknown as LockRecord;
    switch (r.kind) {
      case 'lock-grant':
        grants++;
        leases.set(r.token, { holder: r.holder, grantedAt: r.t, expiresMs: r.expiresMs });
        if (!newest || r.token > newest.token) newest = { token: r.token, holder: r.holder, t: r.t };
        break;
      case 'lock-renew': {
        const l = leases.get(r.token);
        if (l) leases.set(r.token, { ...l, expiresMs: r.expiresMs });
        break;
      }
      case 'store-write': {
        if (!r.accepted) {
          rejected++;
          if (!firstRejection) firstRejection = { t: r.t, holder: r.holder, token: r.token, highest: r.highest };
          break;
        }
        accepted++;
        const l = leases.get(r.token);
        if (l && l.holder === r.holder && r.t < l.expiresMs) break;
        violations++;
        if (!first) first = { t: r.t, holder: r.holder, token: r.token, expiresMs: l && l.holder === r.holder ? l.expiresMs : null, ...(newest && newest.token > r.token ? { newer: newest } : {}) };
        break;
      }
    }
  }
  const counts = { grants, accepted, rejected, violations };
  if (first) {
    const who = ctx.holderName(first.holder);
    const lease = first.expiresMs === null ? `token ${first.token} was never granted to it` : `the lease of token ${first.token} had expired at ${at(first.expiresMs)}`;
    const newer = first.newer ? `; token ${first.newer.token} had been granted to ${ctx.holderName(first.newer.holder)} at ${at(first.newer.t)}` : '';
    const why = !ctx.fencing ? ' (the lock declares no `fencing`: the store cannot tell a stale token)' : first.newer ? ' (fencing let it through: no write with a newer token had reached the store yet)' : '';
    return {
      passed: false,
      detail: `${ctx.store} accepted a write from ${who} with token ${first.token} at ${at(first.t)}, but ${lease}${newer}${why}`,
      atMs: first.t,
      ...counts,
      ...(first.newer ? { tokens: { stale: first.token, fresh: first.newer.token } } : {}),
    };
  }
  const fenced = firstRejection ? `; ${plural(rejected, 'stale write')} rejected by fencing (first: token ${firstRejection.token} from ${ctx.holderName(firstRejection.holder)} at ${at(firstRejection.t)}, after token ${firstRejection.highest} wrote)` : '';
  return {
    passed: true,
    detail: `${plural(accepted, 'write')} accepted by ${ctx.store}, each inside its holder's lease (${plural(grants, 'grant')})${fenced}`,
    ...counts,
    ...(firstRejection ? { tokens: { stale: firstRejection.token, fresh: firstRejection.highest } } : {}),
  };
}
