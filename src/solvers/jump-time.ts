/**
 * The jump time of the waiting-time quantum-jump method: the root of
 * g(t) = ln‖ψ̃(t)‖² − ln r on [lo, hi], where ‖ψ̃‖² decreases monotonically
 * (d‖ψ̃‖²/dt = −Σ_k ‖C_k ψ̃‖² ≤ 0) and g(lo) ≥ 0 > g(hi). ln‖ψ̃‖² is close to
 * linear in t between jumps, so the Illinois variant of regula falsi
 * converges in a handful of evaluations; it falls back to bisection when an
 * interpolation point leaves the bracket.
 */
export function findJumpTime(
  normSquaredAt: (t: number) => number,
  lo: number, normLo: number,
  hi: number, normHi: number,
  r: number,
): number {
  const lr = Math.log(r);
  let a = lo, ga = Math.log(normLo) - lr;
  let b = hi, gb = Math.log(normHi) - lr;
  let side = 0;
  const tol = 1e-14 * Math.max(Math.abs(hi), Math.abs(hi - lo)) + 1e-300;
  for (let it = 0; it < 200 && b - a > tol; it++) {
    let c = (a * gb - b * ga) / (gb - ga);
    if (!(c > a && c < b)) c = 0.5 * (a + b);
    const gc = Math.log(normSquaredAt(c)) - lr;
    if (gc === 0) return c;
    if (gc > 0) {
      a = c; ga = gc;
      if (side === 1) gb *= 0.5;
      side = 1;
    } else {
      b = c; gb = gc;
      if (side === -1) ga *= 0.5;
      side = -1;
    }
    if (Math.abs(gc) < 1e-13) return c;
  }
  return b;
}
