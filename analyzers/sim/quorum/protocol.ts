import type { Ctx, Send, TimerOp } from '../protocols/types';

/*
 * Dynamo-style leaderless replication (SPEC §4 "Quorum reads/writes"; DeCandia et al., SOSP 2007, §4.5–4.6), one
 * pure handler per node on the contract of protocols/types.ts: `step(state, input, ctx)` returns the next state with
 * the messages, timers and client answers it wants, never touching its input; states are plain data.
 *
 * Every member is a home replica of every key (N = the store's `replicas`). The node a client contacts coordinates
 * the request:
 * - a write (key, version) is applied locally, sent to the N − 1 other replicas, and acknowledged to the client as
 *   soon as W replicas (itself included) hold it. Without `sloppy-quorum`, a write that has fewer than W
 *   acknowledgements when the coordinator's timeout falls due fails (the client tries another node). With it, at
 *   the timeout the coordinator keeps the write as a hint for every home replica that has not acknowledged it —
 *   the coordinator is the stand-in, as Cassandra's coordinator is, and as Riak's fallback vnodes are on a ring of
 *   N nodes — and a write still short of W is acknowledged on the strength of those hints ("acknowledged with
 *   hints": the stand-ins fill the missing slots of W);
 * - a read asks all N replicas (its own answer first, at once) and returns the highest version among the first R
 *   answers, from R distinct replicas — the R fastest; fewer than R by the timeout: the read fails. There is no read
 *   repair and no anti-entropy: a replica catches up through the writes that reach it and through hints;
 * - a node holding hints offers them to their home replicas every `hintReplayMs` (±50%, from `ctx.random`); a home
 *   replica that receives them (back from a crash, or across a healed partition) applies them and says so, and the
 *   holder drops them (hinted handoff). Hints are kept apart: they never answer reads.
 * A replica keeps the highest version of each key it has seen (last writer wins by version; versions of a key are
 * unique, given by the client). What it holds and its hints are on disk: `recover` keeps them, and forgets the
 * requests it was coordinating.
 */

export interface QuorumConfig {
  /** N: members, each a home replica of every key. */
  readonly n: number;
  readonly w: number;
  readonly r: number;
  readonly sloppy: boolean;
  /** Keys 0..keys−1. */
  readonly keys: number;
  /** A coordinator waits this long for W acknowledgements or R answers. */
  readonly timeoutMs: number;
  readonly hintReplayMs: number;
}

export interface Item {
  readonly key: number;
  readonly version: number;
}

export type QMsg =
  | { readonly kind: 'put'; readonly op: number; readonly key: number; readonly version: number }
  | { readonly kind: 'put-ok'; readonly op: number }
  | { readonly kind: 'get'; readonly op: number; readonly key: number }
  | { readonly kind: 'get-ok'; readonly op: number; readonly version: number }
  /** Hinted handoff: writes a stand-in kept for the receiver. */
  | { readonly kind: 'hint'; readonly items: readonly Item[] }
  | { readonly kind: 'hint-ok'; readonly items: readonly Item[] };

export type QInput =
  | { readonly kind: 'start' }
  | { readonly kind: 'message'; readonly from: number; readonly msg: QMsg }
  | { readonly kind: 'timer'; readonly name: string }
  /** A client write; a retry of the same write has the same id, key and version. */
  | { readonly kind: 'client-write'; readonly id: number; readonly key: number; readonly version: number }
  | { readonly kind: 'client-read'; readonly id: number; readonly key: number };

export type QReply =
  /** `hinted`: the home replicas whose slot of W a hint filled (empty: W replicas acknowledged). */
  | { readonly kind: 'ack'; readonly id: number; readonly hinted: readonly number[] }
  | { readonly kind: 'write-failed'; readonly id: number }
  /** `version` 0: no replica asked holds the key yet. `replicas`: the R that answered, in answer order. */
  | { readonly kind: 'value'; readonly id: number; readonly version: number; readonly replicas: readonly number[] }
  | { readonly kind: 'read-failed'; readonly id: number };

/** A hint delivered: its home replica `to` acknowledged it, and the holder dropped it. */
export interface Handoff {
  readonly to: number;
  readonly key: number;
  readonly version: number;
}

interface PendingWrite {
  readonly op: number;
  readonly id: number;
  readonly key: number;
  readonly version: number;
  /** Replicas that acknowledged, the coordinator first. */
  readonly acks: readonly number[];
  /** The client has been answered. */
  readonly answered: boolean;
}

interface PendingRead {
  readonly op: number;
  readonly id: number;
  /** Answers so far, from distinct replicas, the coordinator's own first. */
  readonly answers: readonly { readonly node: number; readonly version: number }[];
}

export interface QState {
  // On disk.
  /** The highest version held, per key (0: none). */
  readonly versions: readonly number[];
  /** Hints kept for other replicas: `hints[home * keys + key]` is the highest version held for it (0: none). */
  readonly hints: readonly number[];
  /** Request numbers of this coordinator; persisted, so an answer to a request from before a crash never matches. */
  readonly nextOp: number;
  // Volatile.
  readonly writes: readonly PendingWrite[];
  readonly reads: readonly PendingRead[];
  /** The hint-replay timer is set. */
  readonly replaying: boolean;
}

export interface QOutput {
  state: QState;
  messages: Send<QMsg>[];
  timers: TimerOp[];
  replies: QReply[];
  handoffs: Handoff[];
}

const HANDOFF = 'handoff';
const writeTimer = (op: number) => `w${op}`;
const readTimer = (op: number) => `r${op}`;

function raise(versions: readonly number[], key: number, version: number): readonly number[] {
  if (!(key >= 0 && key < versions.length) || versions[key]! >= version) return versions;
  const out = versions.slice();
  out[key] = version;
  return out;
}

function anyHint(hints: readonly number[]): boolean {
  for (const v of hints) if (v > 0) return true;
  return false;
}

export interface QuorumProtocol {
  readonly name: string;
  readonly config: QuorumConfig;
  init(self: number): QState;
  step(state: QState, input: QInput, ctx: Ctx): QOutput;
  recover(state: QState): QState;
  /** Hints a node holds (for the end-of-run record). */
  hintCount(state: QState): number;
  describe(msg: QMsg): string;
}

export function quorumProtocol(config: QuorumConfig): QuorumProtocol {
  const { n, w, r, sloppy, keys } = config;

  const armReplay = (s: QState, timers: TimerOp[], random: number): QState => {
    if (s.replaying || !anyHint(s.hints)) return s;
    timers.push({ name: HANDOFF, afterMs: config.hintReplayMs * (0.5 + random) });
    return { ...s, replaying: true };
  };

  function step(s: QState, input: QInput, ctx: Ctx): QOutput {
    const self = ctx.self;
    const messages: Send<QMsg>[] = [];
    const timers: TimerOp[] = [];
    const replies: QReply[] = [];
    const handoffs: Handoff[] = [];
    const out = (state: QState): QOutput => ({ state, messages, timers, replies, handoffs });
    const others = (msg: QMsg) => {
      for (let j = 0; j < n; j++) if (j !== self) messages.push({ to: j, msg });
    };

    switch (input.kind) {
      case 'start':
        return out(armReplay(s, timers, ctx.random));

      case 'client-write': {
        const op = s.nextOp;
        const versions = raise(s.versions, input.key, input.version);
        const answered = w <= 1;
        if (answered) replies.push({ kind: 'ack', id: input.id, hinted: [] });
        others({ kind: 'put', op, key: input.key, version: input.version });
        const done = n <= 1 || (answered && !sloppy);
        if (done) return out({ ...s, versions, nextOp: op + 1 });
        timers.push({ name: writeTimer(op), afterMs: config.timeoutMs });
        const pending: PendingWrite = { op, id: input.id, key: input.key, version: input.version, acks: [self], answered };
        return out({ ...s, versions, nextOp: op + 1, writes: [...s.writes, pending] });
      }

      case 'client-read': {
        const op = s.nextOp;
        const own = { node: self, version: s.versions[input.key] ?? 0 };
        if (r <= 1) {
          replies.push({ kind: 'value', id: input.id, version: own.version, replicas: [self] });
          return out({ ...s, nextOp: op + 1 });
        }
        others({ kind: 'get', op, key: input.key });
        timers.push({ name: readTimer(op), afterMs: config.timeoutMs });
        return out({ ...s, nextOp: op + 1, reads: [...s.reads, { op, id: input.id, answers: [own] }] });
      }

      case 'timer': {
        if (input.name === HANDOFF) {
          let state: QState = { ...s, replaying: false };
          for (let home = 0; home < n; home++) {
            const items: Item[] = [];
            for (let key = 0; key < keys; key++) {
              const v = s.hints[home * keys + key]!;
              if (v > 0) items.push({ key, version: v });
            }
            if (items.length) messages.push({ to: home, msg: { kind: 'hint', items } });
          }
          state = armReplay(state, timers, ctx.random);
          return out(state);
        }
        const k = input.name.charAt(0);
        const op = Number(input.name.slice(1));
        if (k === 'w') {
          const p = s.writes.find((x) => x.op === op);
          if (!p) return out(s);
          const writes = s.writes.filter((x) => x !== p);
          if (!sloppy) {
            if (!p.answered) replies.push({ kind: 'write-failed', id: p.id });
            return out({ ...s, writes });
          }
          // Sloppy quorum: keep the write for every home replica that has not acknowledged it.
          const missing: number[] = [];
          for (let j = 0; j < n; j++) if (!p.acks.includes(j)) missing.push(j);
          let hints = s.hints;
          for (const m of missing) {
            const at = m * keys + p.key;
            if (hints[at]! < p.version) {
              if (hints === s.hints) hints = hints.slice();
              (hints as number[])[at] = p.version;
            }
          }
          if (!p.answered) replies.push({ kind: 'ack', id: p.id, hinted: missing });
          return out(armReplay({ ...s, writes, hints }, timers, ctx.random));
        }
        if (k === 'r') {
          const p = s.reads.find((x) => x.op === op);
          if (!p) return out(s);
          replies.push({ kind: 'read-failed', id: p.id });
          return out({ ...s, reads: s.reads.filter((x) => x !== p) });
        }
        return out(s);
      }

      case 'message': {
        const { from, msg } = input;
        switch (msg.kind) {
          case 'put':
            messages.push({ to: from, msg: { kind: 'put-ok', op: msg.op } });
            return out({ ...s, versions: raise(s.versions, msg.key, msg.version) });
          case 'get':
            messages.push({ to: from, msg: { kind: 'get-ok', op: msg.op, version: s.versions[msg.key] ?? 0 } });
            return out(s);
          case 'hint': {
            let versions = s.versions;
            for (const it of msg.items) versions = raise(versions, it.key, it.version);
            messages.push({ to: from, msg: { kind: 'hint-ok', items: msg.items } });
            return out({ ...s, versions });
          }
          case 'hint-ok': {
            if (!(from >= 0 && from < n)) return out(s);
            let hints = s.hints;
            for (const it of msg.items) {
              const at = from * keys + it.key;
              const held = hints[at] ?? 0;
              if (held > 0 && held <= it.version) {
                if (hints === s.hints) hints = hints.slice();
                (hints as number[])[at] = 0;
                handoffs.push({ to: from, key: it.key, version: held });
              }
            }
            return out(hints === s.hints ? s : { ...s, hints });
          }
          case 'put-ok': {
            const p = s.writes.find((x) => x.op === msg.op);
            if (!p || p.acks.includes(from)) return out(s);
            const acks = [...p.acks, from];
            let answered = p.answered;
            if (!answered && acks.length >= w) {
              answered = true;
              replies.push({ kind: 'ack', id: p.id, hinted: [] });
            }
            if (acks.length >= n || (answered && !sloppy)) {
              timers.push({ name: writeTimer(p.op), cancel: true });
              return out({ ...s, writes: s.writes.filter((x) => x !== p) });
            }
            return out({ ...s, writes: s.writes.map((x) => (x === p ? { ...p, acks, answered } : x)) });
          }
          case 'get-ok': {
            const p = s.reads.find((x) => x.op === msg.op);
            if (!p || p.answers.some((a) => a.node === from)) return out(s);
            const answers = [...p.answers, { node: from, version: msg.version }];
            if (answers.length >= r) {
              let version = 0;
              for (const a of answers) if (a.version > version) version = a.version;
              replies.push({ kind: 'value', id: p.id, version, replicas: answers.map((a) => a.node) });
              timers.push({ name: readTimer(p.op), cancel: true });
              return out({ ...s, reads: s.reads.filter((x) => x !== p) });
            }
            return out({ ...s, reads: s.reads.map((x) => (x === p ? { ...p, answers } : x)) });
          }
        }
      }
    }
  }

  return {
    name: `leaderless quorum (N=${n}, W=${w}, R=${r}${sloppy ? ', sloppy quorum with hinted handoff' : ''})`,
    config,
    init: () => ({ versions: new Array<number>(keys).fill(0), hints: new Array<number>(n * keys).fill(0), nextOp: 1, writes: [], reads: [], replaying: false }),
    step,
    recover: (s) => ({ versions: s.versions, hints: s.hints, nextOp: s.nextOp, writes: [], reads: [], replaying: false }),
    hintCount: (s) => s.hints.reduce((a, v) => a + (v > 0 ? 1 : 0), 0),
    describe,
  };
}

const SHOWN_ITEMS = 4;

function items(list: readonly Item[]): string {
  const shown = list.slice(0, SHOWN_ITEMS).map((i) => `k${i.key} v${i.version}`).join(', ');
  return list.length > SHOWN_ITEMS ? `${shown}, +${list.length - SHOWN_ITEMS} more` : shown;
}

export function describe(msg: QMsg): string {
  switch (msg.kind) {
    case 'put':
      return `Put k${msg.key} v${msg.version} (op ${msg.op})`;
    case 'put-ok':
      return `PutOk (op ${msg.op})`;
    case 'get':
      return `Get k${msg.key} (op ${msg.op})`;
    case 'get-ok':
      return `GetOk v${msg.version} (op ${msg.op})`;
    case 'hint':
      return `Hint ${items(msg.items)}`;
    case 'hint-ok':
      return `HintOk ${items(msg.items)}`;
  }
}
