/**
 * Random formulas for property tests, drawn by fast-check: each comes as the string we compile
 * (`ours`, using the whole function vocabulary) and a mathematically equal `twin` that mathjs's
 * symbolic `derivative` understands (it has no rule for square, log2, expm1, hypot, atan2, ...).
 * Arguments of functions with a restricted domain are wrapped so they stay inside it (sqrt of
 * `(e)^2 + 0.5`, asin of `tanh(e) * 0.9`), so most random points give real, finite values.
 */
import fc from "fast-check";

/** A formula in two spellings: ours and the one mathjs can differentiate. */
export interface Formula {
  readonly ours: string;
  readonly twin: string;
}

export const VARIABLES = ["x", "y", "z"] as const;

const same = (s: string): Formula => ({ ours: s, twin: s });
const positive = (e: Formula, c = "0.5"): Formula => ({ ours: `((${e.ours})^2 + ${c})`, twin: `((${e.twin})^2 + ${c})` });
const bounded = (e: Formula): Formula => ({ ours: `(tanh(${e.ours}) * 0.9)`, twin: `(tanh(${e.twin}) * 0.9)` });

/** One-argument forms: [name, ours, twin] builders. */
const UNARY: readonly ((e: Formula) => Formula)[] = [
  (e) => ({ ours: `-(${e.ours})`, twin: `-(${e.twin})` }),
  (e) => ({ ours: `+(${e.ours})`, twin: `(${e.twin})` }),
  (e) => ({ ours: `(${e.ours})'`, twin: `(${e.twin})` }),
  (e) => ({ ours: `2 (${e.ours})`, twin: `2 * (${e.twin})` }),
  ...["sin", "cos", "tan", "atan", "sinh", "cosh", "tanh", "asinh", "exp", "abs"].map((f) => (e: Formula) => ({ ours: `${f}(${e.ours})`, twin: `${f}(${e.twin})` })),
  ...["sqrt", "log", "log10", "cbrt"].map((f) => (e: Formula) => { const p = positive(e); return { ours: `${f}(${p.ours})`, twin: `${f}(${p.twin})` }; }),
  ...["asin", "acos", "atanh"].map((f) => (e: Formula) => { const b = bounded(e); return { ours: `${f}(${b.ours})`, twin: `${f}(${b.twin})` }; }),
  (e) => { const p = positive(e, "1.5"); return { ours: `acosh(${p.ours})`, twin: `acosh(${p.twin})` }; },
  (e) => { const p = positive(e); return { ours: `log2(${p.ours})`, twin: `log(${p.twin}, 2)` }; },
  (e) => { const p = positive(e); return { ours: `log(${p.ours}, 3)`, twin: `log(${p.twin}, 3)` }; },
  (e) => { const p = positive(e); return { ours: `log1p(${p.ours})`, twin: `log(1 + ${p.twin})` }; },
  (e) => { const p = positive(e); return { ours: `nthRoot(${p.ours}, 3)`, twin: `nthRoot(${p.twin}, 3)` }; },
  (e) => { const p = positive(e); return { ours: `nthRoot(${p.ours})`, twin: `sqrt(${p.twin})` }; },
  (e) => ({ ours: `expm1(${e.ours})`, twin: `(exp(${e.twin}) - 1)` }),
  (e) => ({ ours: `square(${e.ours})`, twin: `((${e.twin})^2)` }),
  (e) => ({ ours: `cube(${e.ours})`, twin: `((${e.twin})^3)` }),
  (e) => ({ ours: `(${e.ours})^3`, twin: `(${e.twin})^3` }),
  (e) => ({ ours: `(${e.ours}) .^ 2`, twin: `(${e.twin})^2` }),
  (e) => { const p = positive(e); return { ours: `${p.ours}^(-1)`, twin: `${p.twin}^(-1)` }; },
];

/** Two-argument forms. `wrap` says whether operands of infix operators get parentheses. */
const BINARY: readonly ((a: Formula, b: Formula, wrap: boolean) => Formula)[] = [
  ...["+", "-", "*"].map((op) => (a: Formula, b: Formula, wrap: boolean) => infix(a, op, b, wrap, op)),
  (a, b, wrap) => infix(a, ".*", b, wrap, "*"),
  (a, b) => { const p = positive(b); return { ours: `(${a.ours}) / ${p.ours}`, twin: `(${a.twin}) / ${p.twin}` }; },
  (a, b) => { const p = positive(b); return { ours: `(${a.ours}) ./ ${p.ours}`, twin: `(${a.twin}) / ${p.twin}` }; },
  (a, b) => { const p = positive(a); return { ours: `${p.ours} ^ (${b.ours})`, twin: `${p.twin} ^ (${b.twin})` }; },
  (a, b) => { const p = positive(a); return { ours: `pow(${p.ours}, ${b.ours})`, twin: `${p.twin} ^ (${b.twin})` }; },
  (a, b) => ({ ours: `hypot(${a.ours}, ${b.ours})`, twin: `sqrt((${a.twin})^2 + (${b.twin})^2)` }),
  // atan2(a, b) = atan(a / b) for b > 0 (away from the branch cut).
  (a, b) => { const p = positive(b); return { ours: `atan2(${a.ours}, ${p.ours})`, twin: `atan((${a.twin}) / ${p.twin})` }; },
  (a, b) => { const p = positive(a); const q = positive(b, "1.5"); return { ours: `log(${p.ours}, ${q.ours})`, twin: `log(${p.twin}) / log(${q.twin})` }; },
  (a, b) => ({ ours: `sum(${a.ours}, ${b.ours})`, twin: `((${a.twin}) + (${b.twin}))` }),
  (a, b) => ({ ours: `mean(${a.ours},${b.ours})`, twin: `(((${a.twin}) + (${b.twin})) / 2)` }),
  (a, b) => ({ ours: `add( ${a.ours} , ${b.ours} )`, twin: `((${a.twin}) + (${b.twin}))` }),
];

function infix(a: Formula, op: string, b: Formula, wrap: boolean, twinOp: string): Formula {
  const w = (s: string) => (wrap ? `(${s})` : s);
  return { ours: `${w(a.ours)} ${op} ${w(b.ours)}`, twin: `${w(a.twin)} ${twinOp} ${w(b.twin)}` };
}

const leaf: fc.Arbitrary<Formula> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VARIABLES).map(same) },
  { weight: 1, arbitrary: fc.constantFrom("0.5", "2", "3", "1.5", "pi", "e").map(same) },
);

const cache = new Map<number, fc.Arbitrary<Formula>>();

/** Formulas of at most `depth` nested operations over x, y, z. */
export function formula(depth: number): fc.Arbitrary<Formula> {
  if (depth <= 0) return leaf;
  const known = cache.get(depth);
  if (known !== undefined) return known;
  const sub = formula(depth - 1);
  const arb = fc.oneof(
    { weight: 1, arbitrary: leaf },
    { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: UNARY.length - 1 }), sub).map(([k, e]) => UNARY[k]!(e)) },
    { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: BINARY.length - 1 }), sub, sub, fc.boolean()).map(([k, a, b, wrap]) => BINARY[k]!(a, b, wrap)) },
  );
  cache.set(depth, arb);
  return arb;
}

/**
 * A point (x, y, z) with coordinates in [-2, 2] on a grid of step 1/1000 shifted by half a step:
 * never exactly 0 (where abs and hypot are not differentiable) nor subnormal (where the
 * second derivatives of hypot overflow in both spellings).
 */
const coordinate = fc.integer({ min: -2000, max: 1999 }).map((k) => (k + 0.5) / 1000);
export const point: fc.Arbitrary<[number, number, number]> = fc.tuple(coordinate, coordinate, coordinate);
