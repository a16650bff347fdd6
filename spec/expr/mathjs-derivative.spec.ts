// Random formulas: our value, reverse-mode gradient, forward-mode directional derivatives and
// Hessian against mathjs's own evaluation and symbolic `derivative`, at random points. (mathjs
// evaluates only our generated test strings here; the library never calls evaluate.)
import test from "ava";
import fc from "fast-check";
import { createRequire } from "node:module";
import { compileExpression, grad, jvp, hessian } from "../../lib/index.ts";
import { formula, point, VARIABLES, type Formula } from "./arbitrary-expressions.ts";

const mathjs = createRequire(import.meta.url)("mathjs") as typeof import("mathjs");

/** Largest magnitude compared: beyond it, float64 round-off in the two spellings dominates. */
const LIMIT = 1e6;
const TOL = 1e-8;

const scopeOf = ([x, y, z]: readonly number[]) => ({ x, y, z });

/** mathjs's value of a twin formula, or null if it is not a real finite number of moderate size. */
function mathjsNumber(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) && Math.abs(value) < LIMIT ? value : null;
}

function symbolic(f: Formula, variable: string, at: readonly number[]): number | null {
  return mathjsNumber(mathjs.derivative(f.twin, variable, { simplify: false }).evaluate(scopeOf(at)));
}

const agrees = (ours: number, theirs: number) => Math.abs(ours - theirs) <= TOL * Math.max(1, Math.abs(theirs));

test("first derivatives: reverse and forward mode agree with mathjs's symbolic derivative", (t) => {
  let compared = 0;
  fc.assert(
    fc.property(formula(4), point, (f, at) => {
      const compiled = compileExpression(f.ours, { vars: [...VARIABLES] });
      const expected = mathjsNumber(mathjs.evaluate(f.twin, scopeOf(at)));
      if (expected === null) return true;
      const value = compiled(...at) as number;
      if (!agrees(value, expected)) throw new Error(`value of ${f.ours}: ours ${value}, mathjs ${expected} (twin ${f.twin})`);
      const reverse = grad(compiled, { argnums: [0, 1, 2] })(...at) as number[];
      VARIABLES.forEach((v, i) => {
        const theirs = symbolic(f, v, at);
        if (theirs === null) return;
        const forward = jvp(compiled, [...at], VARIABLES.map((_, k) => (k === i ? 1 : 0))) [1] as number;
        if (!agrees(reverse[i]!, theirs) || !agrees(forward, theirs)) {
          throw new Error(`d/d${v} of ${f.ours} at ${at}: reverse ${reverse[i]}, forward ${forward}, mathjs ${theirs} (twin ${f.twin})`);
        }
        compared++;
      });
      return true;
    }),
    { seed: 3031, numRuns: 300, includeErrorInReport: true },
  );
  t.true(compared > 400, `only ${compared} derivatives were comparable`);
});

test("second derivatives: the Hessian agrees with mathjs's derivative of its derivative", (t) => {
  let compared = 0;
  fc.assert(
    fc.property(formula(3), point, (f, at) => {
      if (mathjsNumber(mathjs.evaluate(f.twin, scopeOf(at))) === null) return true;
      const compiled = compileExpression(f.ours, { vars: [...VARIABLES] });
      const H = hessian(compiled, { argnums: [0, 1, 2] })(...at) as number[][];
      VARIABLES.forEach((v, i) => {
        const first = mathjs.derivative(f.twin, v, { simplify: false });
        VARIABLES.forEach((w, j) => {
          const theirs = mathjsNumber(mathjs.derivative(first, w, { simplify: false }).evaluate(scopeOf(at)));
          if (theirs === null) return;
          if (!(Math.abs(H[i]![j]! - theirs) <= 1e-7 * Math.max(1, Math.abs(theirs)))) {
            throw new Error(`d2/d${v}d${w} of ${f.ours} at ${at}: ours ${H[i]![j]}, mathjs ${theirs} (twin ${f.twin})`);
          }
          compared++;
        });
      });
      return true;
    }),
    { seed: 4041, numRuns: 80, includeErrorInReport: true },
  );
  t.true(compared > 300, `only ${compared} second derivatives were comparable`);
});
