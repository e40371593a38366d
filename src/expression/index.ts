/**
 * The input language shared by scenario files and models: physical quantities
 * with units (`"13 MHz"` → 1.3e7 Hz) and the operator expression language
 * (`"J * (S1x*S2x + S1y*S2y)"` → an operator with dims). Sits above
 * `quantum` (it builds operators) and below `models`, so models receive SI
 * numbers and parsed operators.
 */
export {
  type QuantityKind, UNITS, SI_UNIT, EXAMPLE, isQuantityKind, suggestUnit, unitKind, splitQuantity, parseQuantity, parseAnyQuantity,
} from './units.js';
export { parseExpression, evaluate, splitRate, parseM } from './operators.js';
export type { Expr, ExpressionScope, ParsedExpression, Value } from './operators.js';
export { FUNCTIONS, applyFunction, triangleWave, squareWave } from './operators.js';
export { parseCoefficient, expandExpression, toQobjEvo, dimensionOf, formatDimension, dependsOnTime } from './coefficient.js';
export type { Dimension, ExpandedExpression } from './coefficient.js';
