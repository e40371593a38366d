/**
 * Read a scenario file from disk (Node only) and resolve it with the
 * browser-clean resolver (scenario.ts).
 */
import { readFileSync } from 'node:fs';
import { ProblemError } from '../util/errors.js';
import { resolveScenarioText, type ResolvedScenario } from './scenario.js';

/**
 * Read, validate and resolve a scenario file. ProblemErrors are re-thrown
 * with `file:line:column: path` so the user can find the spot.
 */
export function loadScenarioFile(file: string): ResolvedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ProblemError(file, `cannot read the scenario: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return resolveScenarioText(text, file);
}
