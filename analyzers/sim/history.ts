/*
 * What a run lets an observer see, in order (ARCHITECTURE.md: "Checkers are apart from the protocols"). The engine
 * records these as they happen; the checkers and the trace read nothing else. Leadership is what a node shows the
 * world (`Protocol.observe`: it acts as leader, in this term), not a flag the checker trusts for its verdict; acks
 * are the answers clients get; logs are what each node holds at the end.
 */

export type Record =
  | { readonly t: number; readonly kind: 'leader'; readonly node: number; readonly term: number }
  /** The node stopped acting as leader (stepped down). A crash ends leadership too, recorded as `crash`. */
  | { readonly t: number; readonly kind: 'step-down'; readonly node: number; readonly term: number }
  | { readonly t: number; readonly kind: 'crash'; readonly node: number }
  | { readonly t: number; readonly kind: 'restart'; readonly node: number }
  | { readonly t: number; readonly kind: 'pause'; readonly node: number; readonly untilMs: number }
  | { readonly t: number; readonly kind: 'resume'; readonly node: number }
  | { readonly t: number; readonly kind: 'partition'; readonly sides: readonly (readonly string[])[] }
  | { readonly t: number; readonly kind: 'heal' }
  | { readonly t: number; readonly kind: 'drop'; readonly percent: number }
  /** A fault that did nothing (`crash leader` with no leader) or is not simulated here (`fail step`). */
  | { readonly t: number; readonly kind: 'fault-skipped'; readonly what: string }
  /** The scenario's duration is over: no more faults or client writes; the run settles. */
  | { readonly t: number; readonly kind: 'settle' }
  /** Node `node` handles client write `id` (it arrived, or the node resumed from a pause with it queued). */
  | { readonly t: number; readonly kind: 'write'; readonly node: number; readonly id: number }
  /** Node `node` acknowledges write `id` to the client. */
  | { readonly t: number; readonly kind: 'ack'; readonly node: number; readonly id: number }
  /** The client receives that acknowledgement: from now on it counts on the write. */
  | { readonly t: number; readonly kind: 'acked'; readonly node: number; readonly id: number }
  /** A node's log (client write ids in order) at the end of the run. */
  | { readonly t: number; readonly kind: 'log'; readonly node: number; readonly ids: readonly number[] }
  // Only when tracing: every message between members, and client redirects.
  /** `arriveMs`: when the network delivers it (the timeline's arrow end; a lost message has `lost` instead). */
  | { readonly t: number; readonly kind: 'send'; readonly from: number; readonly to: number; readonly what: string; readonly lost?: 'partition' | 'loss'; readonly arriveMs?: number }
  /** A message not handled: its receiver is down, or its sender crashed before it arrived. */
  | { readonly t: number; readonly kind: 'discard'; readonly from: number; readonly to: number; readonly what: string; readonly why: 'receiver down' | 'sender crashed' }
  | { readonly t: number; readonly kind: 'redirect'; readonly node: number; readonly id: number; readonly leader: number | null }
  // Leaderless stores (quorum/): keys and versions of client writes, client reads and their answers, hints.
  /** The client issues write `id`: `key` gets `version` (a key's versions rise with each write issued). */
  | { readonly t: number; readonly kind: 'put'; readonly id: number; readonly key: number; readonly version: number }
  /** Coordinator `node` acknowledges write `id` only thanks to hints standing in for the home replicas `for`. */
  | { readonly t: number; readonly kind: 'hinted'; readonly node: number; readonly id: number; readonly for: readonly number[] }
  /** The client issues read `id` of `key`. */
  | { readonly t: number; readonly kind: 'get'; readonly id: number; readonly key: number }
  /** The client receives read `id`'s answer from coordinator `node`: `version` (0: none yet), from those `replicas`. */
  | { readonly t: number; readonly kind: 'got'; readonly id: number; readonly node: number; readonly version: number; readonly replicas: readonly number[] }
  /** Read `id` got no value: its coordinator had fewer than R answers in time (`quorum`), or no answer came in time (`timeout`). */
  | { readonly t: number; readonly kind: 'get-failed'; readonly id: number; readonly node: number | null; readonly why: 'quorum' | 'timeout' }
  /** Hinted handoff: home replica `to` acknowledged the hint `node` kept for it, `key` at `version`. */
  | { readonly t: number; readonly kind: 'handoff'; readonly node: number; readonly to: number; readonly key: number; readonly version: number }
  /** What a replica holds at the end of the run: its version of each key (0: none), and how many hints it still keeps. */
  | { readonly t: number; readonly kind: 'replica'; readonly node: number; readonly versions: readonly number[]; readonly hints: number }
  /** Only when tracing: node `node` coordinates client read `id`. */
  | { readonly t: number; readonly kind: 'read'; readonly node: number; readonly id: number };

export type RecordKind = Record['kind'];
