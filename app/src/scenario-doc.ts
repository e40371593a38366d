/**
 * The scenario as the form sees it: where a model parameter is written
 * (params, solver, or top-level times/observables, as scenario files allow)
 * and how a value is shown in a field.
 */
import { stringify } from 'yaml';

/** Where a parameter is set in the scenario: params.X, solver.X, or top-level times/observables. */
export function locationOf(d: Record<string, unknown>, name: string): (string)[] {
  const inMap = (k: string): boolean => !!d[k] && typeof d[k] === 'object' && Object.prototype.hasOwnProperty.call(d[k], name);
  if (inMap('params')) return ['params', name];
  if (inMap('solver')) return ['solver', name];
  if ((name === 'times' || name === 'observables') && d[name] !== undefined) return [name];
  return name === 'times' || name === 'observables' ? [name] : ['params', name];
}

export function valueText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return stringify(v, { collectionStyle: 'flow', lineWidth: 0 }).trim();
}
