/**
 * Seeded random streams. xoroshiro128+ (pure-rand) with `jump()`, which
 * advances a stream by 2^64 draws: trajectory k uses the base stream jumped k
 * times, so each trajectory's numbers depend only on (seed, k) — never on how
 * trajectories are split between worker threads.
 *
 * The 128-bit state is filled from the user's seed by SplitMix64 (Steele,
 * Lea & Flood 2014; the seeding recommended by the xoroshiro authors).
 * pure-rand's own `xoroshiro128plus(seed)` sets the state to
 * (−1, ~seed, seed, 0), whose first outputs are poorly mixed for small
 * seeds (seed 1 gives a first uniform ≈ 1 − 1e-10, which made trajectory 0
 * of every small-seed run jump at once).
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';

export type { JumpableRandomGenerator };

const MASK64 = (1n << 64n) - 1n;

/** One SplitMix64 step: returns [output, next state]. */
function splitMix64(state: bigint): [bigint, bigint] {
  const next = (state + 0x9e3779b97f4a7c15n) & MASK64;
  let z = next;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [z ^ (z >> 31n), next];
}

/** Signed 32-bit integer from the low 32 bits of a bigint. */
const int32 = (x: bigint): number => Number(BigInt.asIntN(32, x));

/**
 * The base xoroshiro128+ stream of an integer seed (any safe integer,
 * negative allowed), its state expanded by SplitMix64.
 */
export function seededStream(seed: number): JumpableRandomGenerator {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed: expected an integer, got ${seed}`);
  let s = BigInt.asUintN(64, BigInt(seed));
  const [a, s1] = splitMix64(s);
  s = s1;
  const [b] = splitMix64(s);
  // pure-rand's state order is (s01, s00, s11, s10): high and low words of s0 and s1.
  const state: number[] = [int32(a >> 32n), int32(a), int32(b >> 32n), int32(b)];
  if (state[0] === 0 && state[1] === 0 && state[2] === 0 && state[3] === 0) state[3] = 1; // the all-zero state is a fixed point
  return xoroshiro128plusFromState(state);
}

/** Uniform double in the open interval (0, 1) from two 32-bit outputs (53 random bits). */
export function uniformOpen(rng: JumpableRandomGenerator): number {
  const a = (rng.next() >>> 5) >>> 0; // 27 bits
  const b = (rng.next() >>> 6) >>> 0; // 26 bits
  return (a * 67108864 + b + 0.5) / 9007199254740992;
}
