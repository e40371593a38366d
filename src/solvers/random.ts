/**
 * Seeded random streams. xoroshiro128+ (pure-rand) with `jump()`, which
 * advances a stream by 2^64 draws: trajectory k uses the base stream jumped k
 * times, so each trajectory's numbers depend only on (seed, k) — never on how
 * trajectories are split between worker threads.
 */
export { xoroshiro128plus, xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
export type { JumpableRandomGenerator } from 'pure-rand/types/JumpableRandomGenerator';
