import { idle, type Actor, type ActorOutput, type Outgoing } from '../actors/host';

/*
 * The three parts of a lock scenario as pure actors (analyzers/sim/actors/host.ts): the lock service's lease table,
 * each holder, and the protected store. States are plain data; a step never mutates its input.
 *
 * Lock service: a single lease. `acquire` gets it when it is free or its lease is over — with the next token
 *   (tokens start at 1 and grow by one with every grant) and a lease until now + lease — or, from the holder that
 *   already has it, extends it; otherwise `busy`. `renew` of the current, unexpired lease extends it; of any other
 *   token it is refused (`lost`): a lease that ran out is gone.
 * Holder: asks for the lock every renew period until it gets it, then renews at that period. It believes it holds
 *   the lock until the instant it *sent* the request that got or renewed the lease, plus the lease — never later
 *   than the service's own expiry — and drops it when that passes or a renewal is refused. While it holds, it writes
 *   to the protected store with its token at once and then every write period, but only while its lease outlasts
 *   the write's longest trip to the store. A pause stops it between that check and the write (the worst instant,
 *   Kleppmann's Figure 9): when it resumes, the write it was making goes out with its old token, checked against
 *   nothing — then it looks at its clock again.
 * Protected store: accepts every write, except that with fencing it rejects a token lower than the highest it has
 *   accepted.
 */

export type LockMsg =
  | { readonly kind: 'acquire'; readonly holder: number; readonly sentAt: number }
  | { readonly kind: 'renew'; readonly holder: number; readonly token: number; readonly sentAt: number }
  | { readonly kind: 'granted'; readonly token: number; readonly sentAt: number }
  | { readonly kind: 'renewed'; readonly token: number; readonly sentAt: number }
  | { readonly kind: 'busy'; readonly heldBy: number }
  | { readonly kind: 'lost'; readonly token: number }
  | { readonly kind: 'write'; readonly holder: number; readonly token: number; readonly seq: number };

/** What the lock model lets an observer see (the lock service's table, the holders' actions, the store's answers). */
export type LockRecord =
  /** The service granted the lock: a new token, its lease ending at `expiresMs` (Infinity: no lease). */
  | { readonly t: number; readonly kind: 'lock-grant'; readonly holder: number; readonly token: number; readonly expiresMs: number }
  /** The service extended the lease of `token` (a renewal, or the holder asking again while it holds it). */
  | { readonly t: number; readonly kind: 'lock-renew'; readonly holder: number; readonly token: number; readonly expiresMs: number }
  | { readonly t: number; readonly kind: 'lock-busy'; readonly holder: number; readonly heldBy: number }
  /** The service refused to renew `token`: its lease is over. */
  | { readonly t: number; readonly kind: 'lock-refused'; readonly holder: number; readonly token: number }
  /** The lease of `token` ran out at the service. */
  | { readonly t: number; readonly kind: 'lock-expired'; readonly holder: number; readonly token: number }
  /** The holder learnt it holds the lock, and until when it believes so. */
  | { readonly t: number; readonly kind: 'holder-acquired'; readonly holder: number; readonly token: number; readonly believedUntilMs: number }
  /** The holder stopped believing it holds the lock: its lease ran out by its clock, or a renewal was refused. */
  | { readonly t: number; readonly kind: 'holder-lost'; readonly holder: number; readonly token: number; readonly why: 'expired' | 'refused' }
  /** The holder sent a write; `late`: the write it was making when a pause stopped it. */
  | { readonly t: number; readonly kind: 'holder-write'; readonly holder: number; readonly token: number; readonly late: boolean }
  /** The protected store accepted or (fencing) rejected a write; `highest`: the highest token it had accepted before. */
  | { readonly t: number; readonly kind: 'store-write'; readonly holder: number; readonly token: number; readonly accepted: boolean; readonly highest: number };

export interface LockLayout {
  /** Actor (and node) of the lock service. */
  service: number;
  /** Actor (and node) of holder h. */
  holders: readonly number[];
  /** Actor (and node) of the protected store, or null. */
  store: number | null;
}

export interface HolderConfig {
  /** Lease in ms (null: none). */
  leaseMs: number | null;
  renewMs: number;
  writeEveryMs: number;
  /** The longest one-way trip to the store: a write goes out only while the lease outlasts it. */
  marginMs: number;
}

type Out<S> = ActorOutput<S, LockMsg, LockRecord>;

// ---- lock service

export interface ServiceState {
  readonly lease: { readonly holder: number; readonly token: number; readonly expiresMs: number } | null;
  readonly lastToken: number;
}

const EXPIRY = 'expiry';

export function lockService(layout: LockLayout, leaseMs: number | null): Actor<ServiceState, LockMsg, LockRecord, never> {
  const self = layout.service;
  const lease = leaseMs ?? Infinity;
  const reply = (h: number, msg: LockMsg): Outgoing<LockMsg> => ({ from: self, to: layout.holders[h]!, actor: layout.holders[h]!, msg });
  return {
    name: 'lock service',
    home: self,
    init: () => ({ lease: null, lastToken: 0 }),
    // The lease table is the backend's (replicated): it survives the service's restarts.
    recover: (s) => s,
    step(s, input, ctx): Out<ServiceState> {
      const now = ctx.now;
      const timers = lease === Infinity ? [] : [{ name: EXPIRY, afterMs: lease }];
      if (input.kind === 'timer') {
        if (input.name !== EXPIRY || !s.lease || s.lease.expiresMs > now) return idle(s);
        return { state: s, send: [], timers: [], records: [{ t: now, kind: 'lock-expired', holder: s.lease.holder, token: s.lease.token }] };
      }
      if (input.kind !== 'message') return idle(s);
      const m = input.msg;
      const live = s.lease !== null && s.lease.expiresMs > now ? s.lease : null;
      if (m.kind === 'acquire') {
        if (live && live.holder === m.holder) {
          const next = { ...live, expiresMs: now + lease };
          return { state: { ...s, lease: next }, send: [reply(m.holder, { kind: 'granted', token: live.token, sentAt: m.sentAt })], timers, records: [{ t: now, kind: 'lock-renew', holder: m.holder, token: live.token, expiresMs: next.expiresMs }] };
        }
        if (live) return { state: s, send: [reply(m.holder, { kind: 'busy', heldBy: live.holder })], timers: [], records: [{ t: now, kind: 'lock-busy', holder: m.holder, heldBy: live.holder }] };
        const token = s.lastToken + 1;
        const next = { holder: m.holder, token, expiresMs: now + lease };
        return { state: { lease: next, lastToken: token }, send: [reply(m.holder, { kind: 'granted', token, sentAt: m.sentAt })], timers, records: [{ t: now, kind: 'lock-grant', holder: m.holder, token, expiresMs: next.expiresMs }] };
      }
      if (m.kind === 'renew') {
        if (live && live.token === m.token && live.holder === m.holder) {
          const next = { ...live, expiresMs: now + lease };
          return { state: { ...s, lease: next }, send: [reply(m.holder, { kind: 'renewed', token: m.token, sentAt: m.sentAt })], timers, records: [{ t: now, kind: 'lock-renew', holder: m.holder, token: m.token, expiresMs: next.expiresMs }] };
        }
        return { state: s, send: [reply(m.holder, { kind: 'lost', token: m.token })], timers: [], records: [{ t: now, kind: 'lock-refused', holder: m.holder, token: m.token }] };
      }
      return idle(s);
    },
  };
}

// ---- holder

export interface HolderState {
  readonly holding: boolean;
  /** The token of the lease it holds, or last held (0: never). */
  readonly token: number;
  /** Until when it believes it holds the lock. */
  readonly believedUntil: number;
  readonly writes: number;
}

const TICK = 'tick';
const WRITE = 'write';

export function holder(layout: LockLayout, h: number, c: HolderConfig): Actor<HolderState, LockMsg, LockRecord, never> {
  const self = layout.holders[h]!;
  const lease = c.leaseMs ?? Infinity;
  const toService = (msg: LockMsg): Outgoing<LockMsg> => ({ from: self, to: layout.service, actor: layout.service, msg });
  const write = (s: HolderState, now: number, late: boolean): { state: HolderState; send: Outgoing<LockMsg>[]; record: LockRecord } | null => {
    if (layout.store === null) return null;
    const seq = s.writes + 1;
    return {
      state: { ...s, writes: seq },
      send: [{ from: self, to: layout.store, actor: layout.store, msg: { kind: 'write', holder: h, token: s.token, seq } }],
      record: { t: now, kind: 'holder-write', holder: h, token: s.token, late },
    };
  };
  const canWrite = (s: HolderState, at: number) => s.holding && at + c.marginMs < s.believedUntil;
  return {
    name: `holder ${h}`,
    home: self,
    init: () => ({ holding: false, token: 0, believedUntil: 0, writes: 0 }),
    // A restarted holder remembers nothing: it asks for the lock again.
    recover: (s) => ({ holding: false, token: s.token, believedUntil: 0, writes: s.writes }),
    step(s, input, ctx): Out<HolderState> {
      const now = ctx.now;
      switch (input.kind) {
        case 'start':
          return { state: s, send: [toService({ kind: 'acquire', holder: h, sentAt: now })], timers: [{ name: TICK, afterMs: c.renewMs }], records: [] };
        case 'resumed': {
          // Stopped between its lease check and its write: the write goes out now, with the token it had.
          if (!canWrite(s, input.pausedAtMs)) return idle(s);
          const w = write(s, now, true);
          return w ? { state: w.state, send: w.send, timers: [], records: [w.record] } : idle(s);
        }
        case 'timer': {
          if (input.name === WRITE) {
            if (!canWrite(s, now)) return s.holding ? { state: s, send: [], timers: [{ name: WRITE, afterMs: c.writeEveryMs }], records: [] } : idle(s);
            const w = write(s, now, false);
            return w ? { state: w.state, send: w.send, timers: [{ name: WRITE, afterMs: c.writeEveryMs }], records: [w.record] } : idle(s);
          }
          if (input.name !== TICK) return idle(s);
          const records: LockRecord[] = [];
          let st = s;
          if (st.holding && now >= st.believedUntil) {
            st = { ...st, holding: false };
            records.push({ t: now, kind: 'holder-lost', holder: h, token: st.token, why: 'expired' });
          }
          const timers = [{ name: TICK, afterMs: c.renewMs }];
          if (st.holding) return { state: st, send: lease === Infinity ? [] : [toService({ kind: 'renew', holder: h, token: st.token, sentAt: now })], timers, records };
          return { state: st, send: [toService({ kind: 'acquire', holder: h, sentAt: now })], timers, records };
        }
        case 'message': {
          const m = input.msg;
          if (m.kind === 'granted') {
            if (m.token < s.token || m.sentAt + lease <= now) return idle(s); // an answer to an old request
            const fresh = !s.holding || m.token !== s.token;
            const st: HolderState = { ...s, holding: true, token: m.token, believedUntil: fresh ? m.sentAt + lease : Math.max(s.believedUntil, m.sentAt + lease) };
            if (!fresh) return idle(st);
            const records: LockRecord[] = [{ t: now, kind: 'holder-acquired', holder: h, token: m.token, believedUntilMs: st.believedUntil }];
            const w = canWrite(st, now) ? write(st, now, false) : null;
            if (w) records.push(w.record);
            return { state: w ? w.state : st, send: w ? w.send : [], timers: [{ name: WRITE, afterMs: c.writeEveryMs }], records };
          }
          if (m.kind === 'renewed') {
            if (!s.holding || m.token !== s.token) return idle(s);
            return idle({ ...s, believedUntil: Math.max(s.believedUntil, m.sentAt + lease) });
          }
          if (m.kind === 'lost') {
            if (!s.holding || m.token !== s.token) return idle(s);
            return { state: { ...s, holding: false }, send: [], timers: [{ name: WRITE, cancel: true }], records: [{ t: now, kind: 'holder-lost', holder: h, token: m.token, why: 'refused' }] };
          }
          return idle(s);
        }
        case 'control':
          return idle(s);
      }
    },
  };
}

// ---- protected store

export interface StoreState {
  readonly highest: number;
}

export function protectedStore(layout: LockLayout, fencing: boolean): Actor<StoreState, LockMsg, LockRecord, never> {
  return {
    name: 'protected store',
    home: layout.store ?? undefined,
    init: () => ({ highest: 0 }),
    recover: (s) => s,
    step(s, input, ctx): Out<StoreState> {
      if (input.kind !== 'message' || input.msg.kind !== 'write') return idle(s);
      const m = input.msg;
      const accepted = !fencing || m.token >= s.highest;
      return {
        state: accepted ? { highest: Math.max(s.highest, m.token) } : s,
        send: [],
        timers: [],
        records: [{ t: ctx.now, kind: 'store-write', holder: m.holder, token: m.token, accepted, highest: s.highest }],
      };
    },
  };
}
