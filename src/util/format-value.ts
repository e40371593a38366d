/**
 * Numbers with their unit as text for labels and tables: an SI prefix where
 * the unit takes one (Hz, s, T, m), exponent notation for very large or small
 * magnitudes, six significant digits at most.
 */

/** SI prefixes, largest first (the largest with |x| ≥ 1 is used). */
export const PREFIXES: readonly [number, string][] = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n']];
/** Units shown with an SI prefix (data stay SI). */
export const PREFIXABLE: ReadonlySet<string> = new Set(['Hz', 's', 'T', 'm']);

/** A swept value as text with its unit: 5e-6 T → "5 µT", 3e6 s⁻¹ → "3e+6 s⁻¹", 0.25 → "0.25". */
export function formatValue(v: number, unit: string): string {
  let x = v, u = unit;
  if (PREFIXABLE.has(unit) && v !== 0) {
    const a = Math.abs(v);
    for (const [f, p] of PREFIXES) {
      if (a >= f * (1 - 1e-12)) { x = v / f; u = p + unit; break; }
    }
    if (Math.abs(x) < 1 - 1e-12) { x = v / 1e-9; u = 'n' + unit; }
  }
  const r = Number(x.toPrecision(6));
  const a = Math.abs(r);
  const text = a !== 0 && (a >= 1e5 || a < 1e-3) ? r.toExponential().replace(/\.?0+e/, 'e') : String(r);
  return u ? `${text} ${u}` : text;
}

/** "3.2 GB" */
export function formatBytes(b: number): string {
  const u = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0;
  while (b >= 1000 && i < u.length - 1) { b /= 1000; i++; }
  return `${b.toPrecision(3)} ${u[i]}`;
}
