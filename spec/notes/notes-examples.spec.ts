// Internal-consistency checks for the lecture-notes fixtures in
// spec/fixtures/notes-examples.ts. Nothing here touches the library yet: the same
// fixtures are meant to be replayed later against cotangent's grad / jvp / vjp.
import test from "ava";
import type { ExecutionContext } from "ava";
import { compile } from "mathjs";
import { notesExamples, notesMatrixExamples, hadamard, sumAll } from "../fixtures/notes-examples.ts";
import type { Matrix } from "../fixtures/notes-examples.ts";

const H = 1e-6; // central-difference step
const FD_TOL = 1e-6; // relative (absolute below magnitude 1)
const EXACT_TOL = 1e-14; // relative: stored numbers were produced by the same JS code

const relErr = (approx: number, exact: number): number =>
  Math.abs(approx - exact) / Math.max(1, Math.abs(exact));

function close(t: ExecutionContext, approx: number, exact: number, tol: number, what: string): void {
  const err = relErr(approx, exact);
  t.true(Number.isFinite(approx) && err <= tol, `${what}: got ${approx}, expected ${exact} (rel err ${err}, tol ${tol})`);
}

function centralDiff(f: (args: number[]) => number, at: number[], i: number): number {
  const plus = [...at];
  const minus = [...at];
  plus[i]! += H;
  minus[i]! -= H;
  return (f(plus) - f(minus)) / (2 * H);
}

const shapeOf = (m: Matrix): string => `${m.length}x${m[0]?.length ?? 0}`;

// --------------------------------------------------------------------------- meta

test("fixture ids are unique", (t) => {
  const ids = [...notesExamples.map((e) => e.id), ...notesMatrixExamples.map((e) => e.id)];
  t.is(new Set(ids).size, ids.length);
});

test("fixtures cover the worked examples named in the notes", (t) => {
  const ids = new Set(notesExamples.map((e) => e.id));
  for (const id of [
    "sqrt-exp-cos-x0.5",
    "sqrt-exp-cos-x1.5",
    "add-mul-xyz",
    "div-branch",
    "gates-add-mul-max",
    "cmu-exp-log-sin",
    "sigmoid-neuron",
    "logistic-neuron",
    "cos-sin-3x2-x0.5",
    "cos-sin-3x2-x1.5",
  ]) {
    t.true(ids.has(id), `missing scalar example ${id}`);
  }
  const mids = new Set(notesMatrixExamples.map((e) => e.id));
  for (const id of ["wx-vjp", "logistic-regression", "one-hidden-layer"]) {
    t.true(mids.has(id), `missing matrix example ${id}`);
  }
});

// --------------------------------------------------------------------------- scalar examples

for (const ex of notesExamples) {
  test(`${ex.id}: shapes, plain(...at) and the mathjs expression reproduce value`, (t) => {
    t.is(ex.at.length, ex.vars.length);
    t.is(ex.gradient.length, ex.vars.length);
    t.is(ex.plain.length, ex.vars.length, "plain takes one argument per var");
    close(t, ex.plain(...ex.at), ex.value, EXACT_TOL, "plain(...at)");
    const scope: Record<string, number> = Object.fromEntries(ex.vars.map((v, i) => [v, ex.at[i]!]));
    const viaMathjs: unknown = compile(ex.expression).evaluate(scope);
    t.is(typeof viaMathjs, "number");
    close(t, viaMathjs as number, ex.value, 1e-12, `mathjs ${ex.expression}`);
    // A single point can hide a wrong expression (e.g. ((x-m)/s)^2 vs (x-m)/s^2 when x-m = 1),
    // so also compare with plain at a nearby point.
    const near = ex.at.map((v, i) => v + 0.1 * (i + 1));
    const nearScope: Record<string, number> = Object.fromEntries(ex.vars.map((v, i) => [v, near[i]!]));
    close(t, compile(ex.expression).evaluate(nearScope) as number, ex.plain(...near), 1e-12, "mathjs vs plain nearby");
  });

  test(`${ex.id}: gradientFormula reproduces gradient`, (t) => {
    const g = ex.gradientFormula(...ex.at);
    t.is(g.length, ex.vars.length);
    g.forEach((gi, i) => close(t, gi, ex.gradient[i]!, EXACT_TOL, `d/d${ex.vars[i]}`));
  });

  test(`${ex.id}: gradient agrees with central finite differences of plain`, (t) => {
    const f = (args: number[]): number => ex.plain(...args);
    ex.gradient.forEach((gi, i) => close(t, centralDiff(f, ex.at, i), gi, FD_TOL, `d/d${ex.vars[i]}`));
  });

  const nv = ex.notesValues;
  if (nv) {
    test(`${ex.id}: numbers printed in the notes agree within their tolerance`, (t) => {
      const within = (printed: number, exact: number, what: string): void => {
        t.true(Math.abs(printed - exact) <= nv.tolerance, `${what}: notes print ${printed}, exact ${exact}`);
      };
      const node = (name: string) => {
        const n = ex.intermediates?.find((r) => r.name === name);
        if (!n) throw new Error(`${ex.id}: notes mention node ${name} that is not in intermediates`);
        return n;
      };
      let checks = 0;
      if (nv.value !== undefined) (within(nv.value, ex.value, "value"), checks++);
      if (nv.gradient) {
        t.is(nv.gradient.length, ex.vars.length);
        nv.gradient.forEach((g, i) => (within(g, ex.gradient[i]!, `d/d${ex.vars[i]}`), checks++));
      }
      for (const [v, g] of Object.entries(nv.partials ?? {})) {
        const i = ex.vars.indexOf(v);
        t.true(i >= 0, `unknown var ${v}`);
        within(g, ex.gradient[i]!, `d/d${v}`);
        checks++;
      }
      for (const [name, v] of Object.entries(nv.intermediates ?? {})) (within(v, node(name).value, name), checks++);
      for (const [name, a] of Object.entries(nv.adjoints ?? {})) {
        within(a, node(name).adjoint ?? Number.NaN, `dF/d${name}`);
        checks++;
      }
      for (const p of nv.points ?? []) (within(p.value, ex.plain(...p.at), `f(${p.at.join(", ")})`), checks++);
      t.true(checks > 0, "notesValues records at least one number");
    });
  }

  const rows = ex.intermediates;
  if (rows) {
    test(`${ex.id}: intermediates replay the forward table and their adjoints match perturbations`, (t) => {
      for (const r of rows) t.false(ex.vars.includes(r.name), `node ${r.name} shadows an input`);
      const compiled = rows.map((r) => compile(r.formula));
      const base: Record<string, number> = Object.fromEntries(ex.vars.map((v, i) => [v, ex.at[i]!]));
      // Forward pass; optionally nudge node k after computing it and see what reaches the output.
      const run = (k = -1, delta = 0): Record<string, number> => {
        const scope = { ...base };
        compiled.forEach((c, j) => {
          scope[rows[j]!.name] = (c.evaluate({ ...scope }) as number) + (j === k ? delta : 0);
        });
        return scope;
      };
      const out = rows[rows.length - 1]!;
      const forward = run();
      rows.forEach((r) => close(t, forward[r.name]!, r.value, 1e-12, `node ${r.name} = ${r.formula}`));
      close(t, out.value, ex.value, EXACT_TOL, "last node is the output");
      t.is(out.adjoint ?? 1, 1, "dF/dF = 1");
      rows.forEach((r, k) => {
        if (r.adjoint === undefined) return;
        const fd = (run(k, H)[out.name]! - run(k, -H)[out.name]!) / (2 * H);
        close(t, fd, r.adjoint, FD_TOL, `dF/d${r.name}`);
      });
    });
  }
}

test("add-mul-xyz: the notes' floating-point quirk (central difference with h = 1e-5 is not exactly z)", (t) => {
  // 003 §2.2.2: numerical_df(-2, h=1e-5) == symbolic_df(-2) fails in double precision.
  const ex = notesExamples.find((e) => e.id === "add-mul-xyz");
  if (!ex) return t.fail("fixture missing");
  const [x0, y0, z0] = ex.at as [number, number, number];
  const f = (x: number): number => ex.plain(x, y0, z0);
  const h = 1e-5;
  const numerical = (f(x0 + h) - f(x0 - h)) / (2 * h);
  t.not(numerical, ex.gradient[0]);
  close(t, numerical, ex.gradient[0]!, 1e-9, "still close");
});

// --------------------------------------------------------------------------- matrix examples

for (const ex of notesMatrixExamples) {
  const loss = (args: Matrix[]): number => sumAll(hadamard(ex.cotangent, ex.forward(...args)));

  test(`${ex.id}: forward(...at) reproduces value and shapes line up`, (t) => {
    t.is(ex.at.length, ex.vars.length);
    t.is(ex.gradient.length, ex.vars.length);
    t.is(ex.gradientText.length, ex.vars.length);
    const y = ex.forward(...ex.at);
    t.is(shapeOf(y), shapeOf(ex.value));
    t.is(shapeOf(ex.cotangent), shapeOf(ex.value), "cotangent has the output's shape");
    y.forEach((row, i) => row.forEach((v, j) => close(t, v, ex.value[i]![j]!, EXACT_TOL, `value[${i}][${j}]`)));
    ex.gradient.forEach((G, a) => t.is(shapeOf(G), shapeOf(ex.at[a]!), `gradient of ${ex.vars[a]} has its shape`));
  });

  test(`${ex.id}: vjp(cotangent, ...at) reproduces gradient`, (t) => {
    const gs = ex.vjp(ex.cotangent, ...ex.at);
    t.is(gs.length, ex.vars.length);
    gs.forEach((G, a) =>
      G.forEach((row, i) =>
        row.forEach((v, j) => close(t, v, ex.gradient[a]![i]![j]!, EXACT_TOL, `${ex.vars[a]}[${i}][${j}]`)),
      ),
    );
  });

  test(`${ex.id}: gradient agrees with central finite differences of <cotangent, forward>`, (t) => {
    ex.gradient.forEach((G, a) =>
      G.forEach((row, i) =>
        row.forEach((g, j) => {
          const plus = structuredClone(ex.at);
          const minus = structuredClone(ex.at);
          plus[a]![i]![j]! += H;
          minus[a]![i]![j]! -= H;
          const fd = (loss(plus) - loss(minus)) / (2 * H);
          close(t, fd, g, FD_TOL, `d/d${ex.vars[a]}[${i}][${j}]`);
        }),
      ),
    );
  });
}

test("bce-with-logits-linear: the notes' printed PyTorch gradients have the structure the formulas predict", (t) => {
  const ex = notesMatrixExamples.find((e) => e.id === "bce-with-logits-linear");
  const printed = ex?.notesPrinted;
  if (!printed) return t.fail("fixture or notesPrinted missing");
  const { w1Grad, w2Grad, bGrad } = printed.tensors;
  if (!w1Grad || !w2Grad || !bGrad) return t.fail("printed tensors missing");
  t.is(shapeOf(w1Grad), "5x3");
  t.is(shapeOf(w2Grad), "3x1");
  t.is(shapeOf(bGrad), "1x1");
  // dW1 = (x^T g) W2^T is an outer product: every 2 x 2 minor vanishes. With entries
  // rounded to +-tol, a minor a*d - b*c can move by at most about tol * (|a|+|b|+|c|+|d|).
  const tol = printed.tolerance;
  for (let i = 0; i < 5; i++)
    for (let k = i + 1; k < 5; k++)
      for (let j = 0; j < 3; j++)
        for (let l = j + 1; l < 3; l++) {
          const [a, b, c, d] = [w1Grad[i]![j]!, w1Grad[i]![l]!, w1Grad[k]![j]!, w1Grad[k]![l]!];
          const minor = a * d - b * c;
          const slack = tol * (Math.abs(a) + Math.abs(b) + Math.abs(c) + Math.abs(d)) + tol * tol;
          t.true(Math.abs(minor) <= slack, `minor rows ${i},${k} cols ${j},${l} = ${minor} > ${slack}`);
        }
  // db = mean(sigmoid(r) - 0) lies strictly between 0 and 1 when every label is 0.
  t.true(bGrad[0]![0]! > 0 && bGrad[0]![0]! < 1);
});
