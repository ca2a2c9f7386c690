import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/*
 * The one source of randomness of a run (ARCHITECTURE.md, "The runnable model's contract"): every random choice —
 * election timeouts, message delays and losses, which node a client write goes to — is drawn from this stream, in
 * the order the engine asks for it. So a seed fixes the whole run. `Math.random` is never used.
 *
 * xoroshiro128+ from pure-rand: fast, 128 bits of state, and its arithmetic is 32-bit integer operations that every
 * JavaScript engine computes identically. Distributions come from pure-rand too (rejection sampling, no bias), and
 * never from `Math.log`/`Math.exp`, whose last bits the language does not pin down across engines.
 */

/** murmur3's 32-bit finaliser: spreads neighbouring seeds (1, 2, 3…) over the whole state space. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** The generator's state for a seed: any finite number; its integer part counts (up to 2^53). */
function seedState(seed: number): number[] {
  const s = Number.isFinite(seed) ? Math.trunc(seed) : 0;
  const lo = s >>> 0;
  const hi = Math.floor(s / 0x1_0000_0000) >>> 0;
  const state = [fmix32(lo ^ 0x9e3779b9), fmix32(hi ^ 0x7f4a7c15), fmix32(lo ^ 0x6a09e667), fmix32(hi ^ 0xbb67ae85)];
  // xoroshiro's one forbidden state is all zeroes.
  if (!state.some((x) => x !== 0)) state[0] = 1;
  return state;
}

export class Rng {
  private readonly gen: RandomGenerator;

  private constructor(gen: RandomGenerator) {
    this.gen = gen;
  }

  /** The stream of one run, derived from its seed. */
  static fromSeed(seed: number): Rng {
    return new Rng(xoroshiro128plusFromState(seedState(seed)));
  }

  /** Resume a stream from `state()` (for replay tools and tests). */
  static fromState(state: readonly number[]): Rng {
    return new Rng(xoroshiro128plusFromState(state));
  }

  /** pure-rand's own seeding, exposed only so tests can compare. */
  static plain(seed: number): Rng {
    return new Rng(xoroshiro128plus(seed));
  }

  /** A uniform integer in [lo, hi], both included (lo ≤ hi, safe integers). */
  int(lo: number, hi: number): number {
    if (hi <= lo) return lo;
    return uniformInt(this.gen, lo, hi);
  }

  /** A uniform float in [0, 1), 53 random bits. */
  float(): number {
    return uniformFloat64(this.gen);
  }

  /** A uniform float in [lo, hi) (lo when the range is empty). */
  between(lo: number, hi: number): number {
    if (!(hi > lo)) return lo;
    return lo + this.float() * (hi - lo);
  }

  /** True with probability p. Draws nothing when p ≤ 0 or p ≥ 1 (the outcome is certain). */
  chance(p: number): boolean {
    if (!(p > 0)) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  /** The generator's state: four 32-bit integers. */
  state(): readonly number[] {
    return this.gen.getState();
  }
}
