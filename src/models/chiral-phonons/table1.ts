/**
 * The `table1` mode of the seed-004 model: the coupling estimator of the
 * "Experimental realizations" section for a resonator and material given as
 * parameters, shown as report tables beside the paper's statements — the
 * estimate for the given inputs, every row of our Table I reproduction, and
 * Table I's group velocities with the densities we add.
 */
import type { ModelResult, ReportTable } from '../types.js';
import { formatValue } from '../../util/format-value.js';
import { CHIRAL_MATERIALS, estimateCouplings, table1Rows, type ChiralMaterial } from './estimator.js';

/** What the paper states for electron spins (l = 1 µm, w = h = 0.1 µm, Δ = 10 kHz in α-SiO2), Hz. */
const PAPER_ELECTRON: Readonly<Record<string, string>> = {
  'f₊ (n = 1 mode)': '~1 GHz', 'g = Ξ u_zpf': '~1 kHz', 'Δ': '10 kHz', 'γ = 2g²/Δ': '~0.1 kHz (Table I: 0.1–1 kHz)',
  "Δ'": '~0.1 GHz', "γ' = 2g'²/Δ'": '~0.01 Hz (Table I: < 1 Hz)',
};

function opt(p: Record<string, unknown>, k: string): number | null {
  const v = p[k];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${k}: expected a finite number, got ${JSON.stringify(v)}`);
  return v;
}

/** The material of the parameters: Table I velocities and our density, each overridable. */
export function materialOf(p: Record<string, unknown>): ChiralMaterial {
  const name = String(p.material);
  const base = CHIRAL_MATERIALS.find((m) => m.name === name);
  if (!base) throw new RangeError(`material: expected one of ${CHIRAL_MATERIALS.map((m) => m.name).join(', ')}, got '${name}'`);
  const density = opt(p, 'density'), vPlus = opt(p, 'velocityPlus'), vMinus = opt(p, 'velocityMinus');
  for (const [k, v] of [['density', density], ['velocityPlus', vPlus], ['velocityMinus', vMinus]] as const) if (v !== null && !(v > 0)) throw new RangeError(`${k}: must be > 0, got ${v}`);
  return {
    ...base, density: density ?? base.density, vPlus: vPlus ?? base.vPlus, vMinus: vMinus ?? base.vMinus,
    densitySource: density !== null ? 'given' : base.densitySource,
  };
}

/** Run the estimator on the parameters (SI; couplings in Hz) and build the report tables. */
export function runTable1(p: Record<string, unknown>): ModelResult {
  const material = materialOf(p);
  const input = {
    material, length: Number(p.length), width: Number(p.width), height: Number(p.height), xi: Number(p.xi), detuning: Number(p.detuning),
    ...(opt(p, 'detuningReverse') !== null ? { detuningReverse: opt(p, 'detuningReverse')! } : {}),
    ...(opt(p, 'drivenStrain') !== null ? { drivenStrain: opt(p, 'drivenStrain')! } : {}),
  };
  const e = estimateCouplings(input);
  const isPaperInput = material.name === 'α-SiO2' && input.length === 1e-6 && input.width === 1e-7 && input.height === 1e-7 && input.xi === 10e9 && input.detuning === 10e3;
  const q: [string, string, number][] = [
    ['f₊ (n = 1 mode)', 'Hz', e.fPlus], ['f₋ (n = 1 mode)', 'Hz', e.fMinus], ['V = l·w·h', 'm³', e.volume],
    ['u_zpf (+k_z)', '—', e.uZpfPlus], ['g = Ξ u_zpf', 'Hz', e.g], ['Δ', 'Hz', e.detuning], ['γ = 2g²/Δ', 'Hz', e.gamma],
    ["g' (−k_z)", 'Hz', e.gReverse], ["Δ'", 'Hz', e.detuningReverse], ["γ' = 2g'²/Δ'", 'Hz', e.gammaReverse], ["γ/γ'", '—', e.nonReciprocity],
  ];
  const estimate: ReportTable = {
    title: `Coupling estimate: ${material.name}, l × w × h = ${formatValue(input.length, 'm')} × ${formatValue(input.width, 'm')} × ${formatValue(input.height, 'm')}, Ξ = ${formatValue(input.xi, 'Hz')}, Δ = ${formatValue(input.detuning, 'Hz')}`,
    columns: ['quantity', 'unit', 'ours', isPaperInput ? 'paper (same inputs)' : 'paper (electron spins, α-SiO2, l = 1 µm, Δ = 10 kHz)'],
    rows: q.map(([name, unit, v]) => [name, unit, v, PAPER_ELECTRON[name] ?? '']),
    note: `Δ' ${input.detuningReverse === undefined ? "from the Table I velocities: |f₋ − f₊ − Δ|" : 'as given'}; density ${material.density} kg/m³ (${material.densitySource}).`,
  };
  const rows = table1Rows();
  const reproduction: ReportTable = {
    title: 'Table I and "Experimental realizations": every row of our reproduction',
    columns: ['case', 'f₊ (Hz)', 'u_zpf', 'g (Hz)', 'γ (Hz)', "Δ' (Hz)", "γ' (Hz)", 'paper g (Hz)', 'paper γ (Hz)', "paper γ' (Hz)"],
    rows: rows.map((r) => [r.label, r.fPlus, r.uZpfPlus, r.g, r.gamma, r.detuningReverse, r.gammaReverse, r.paper?.g ?? '', r.paper?.gamma ?? '', r.paper?.gammaReverse ?? '']),
    note: 'Electron rows: Ξ^S = 10 GHz, l = 1 µm, w = h = 0.1 µm, Δ = 10 kHz; nuclear rows: Ξ^I = 1 MHz, l = 1 mm, Δ = 1 kHz (ours). The paper\'s values are order-of-magnitude statements ("~").',
  };
  const velocities: ReportTable = {
    title: 'Table I group velocities (10³ m/s) and the densities we add',
    columns: ['material', 'v (+k_z, +L)', 'v (−k_z, +L)', 'density (kg/m³)', 'density source'],
    rows: CHIRAL_MATERIALS.map((m) => [m.name, m.vPlus / 1e3, m.vMinus / 1e3, m.density, m.densitySource]),
  };
  // Scalars (plotted on a log axis): the frequencies only; u_zpf and γ/γ' are in the table.
  const scalars: Record<string, number> = { 'f₊': e.fPlus, 'f₋': e.fMinus, g: e.g, 'Δ': e.detuning, 'γ': e.gamma, "g'": e.gReverse, "Δ'": e.detuningReverse, "γ'": e.gammaReverse };
  const hz = Object.keys(scalars);
  return {
    series: [], scalars,
    scalarUnits: Object.fromEntries(hz.map((k) => [k, 'Hz'])),
    tables: [estimate, reproduction, velocities],
    yLabel: 'frequency (Hz)',
    notes: [`estimator: u_zpf = √(ħω/(2ρv²V)), g = Ξ·u, γ = 2g²/Δ (Hz); ${material.name}`],
  };
}
