/*
 * The leaderless runner's own choices (SPEC §4 names none of them; docs/spec-changes.md, "Simulator (issue 10)").
 * Values the SPEC or language/model/defaults.ts gives (load, duration, latencies, W/R) are read from there.
 */

export const QUORUM_DEFAULTS = Object.freeze({
  /**
   * Keys the client reads and writes, each drawn uniformly: few enough that every key is written many times a
   * run (at the default 50 writes/s, every 0.32 s on average), so a read usually follows a recent write.
   */
  keys: 16,
  /** Client reads per client write: reads arrive at the same rate as writes (`load`/s each), independently. */
  readsPerWrite: 1,
  /**
   * How long a coordinator waits for W write acknowledgements or R read answers before it gives up on them (and,
   * with `sloppy-quorum`, hands the write to stand-ins): at least this, or 4 × the largest one-way latency of
   * the `network` block (two round trips), whichever is more.
   */
  coordinatorTimeoutMs: 200,
  /** A node holding hints offers them to their home replicas this often (±50%, drawn per offer). */
  hintReplayMs: 500,
});
