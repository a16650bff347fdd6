/**
 * Tensors are immutable: no primitive, in any mode, writes into its inputs, and no op writes into
 * a buffer the user passed in. Registry-driven: every primitive's sampled arguments are
 * snapshotted, pushed through evaluation, jvp, vjp (pulled back twice), jacfwd, jacrev and
 * hessian, and compared with the snapshot.
 */
import test from "ava";
import { add, bind, exp, grad, hessian, jacfwd, jacrev, jvp, matmul, mul, primitives, sum, Tensor, tensor, vjp, type Value } from "../../lib/index.ts";
import { seededRandom, seedOf } from "../support/random.ts";
import { flatNumbers, randomLike } from "../support/trees.ts";

function snapshot(args: readonly Value[]): Float64Array[] {
  return args.map((a) => (a instanceof Tensor ? a.data.slice() : Float64Array.of(a as number)));
}

function unchanged(args: readonly Value[], before: readonly Float64Array[]): boolean {
  return args.every((a, i) => (a instanceof Tensor ? a.data.every((v, k) => Object.is(v, before[i]![k])) : true));
}

for (const prim of primitives()) {
  test(`${prim.name}: no transformation writes into the arguments`, (t) => {
    for (let k = 0; k < 3; k++) {
      const random = seededRandom(seedOf(prim.name, 100 + k));
      const { args, params, constant = [] } = prim.sample!(random);
      const before = snapshot(args);
      const diff = args.map((_, i) => i).filter((i) => !constant.includes(i));
      const f = (...xs: Value[]) => {
        const full = args.slice();
        diff.forEach((i, j) => (full[i] = xs[j]!));
        return bind(prim, full, params);
      };
      const xs = diff.map((i) => args[i]!);
      const y = f(...xs);
      jvp(f, xs as never, randomLike(xs, () => 1) as never);
      const [, pullback] = vjp(f, ...(xs as never[]));
      const u = randomLike(y, () => 1);
      pullback(u as never);
      pullback(u as never);
      if (prim.differentiable) {
        jacfwd(f, { argnums: diff.map((_, j) => j) })(...xs);
        jacrev(f, { argnums: diff.map((_, j) => j) })(...xs);
        hessian((...zs: Value[]) => sum(f(...zs)), { argnums: 0 })(...xs);
      }
      t.true(unchanged(args, before), `${prim.name} (sample ${k}): an argument's data changed`);
      // The output must not alias a buffer that a later op could overwrite: evaluate again, compare.
      t.deepEqual(flatNumbers(f(...xs)), flatNumbers(y), `${prim.name}: evaluating twice gave different values`);
    }
  });
}

test("gradients and Jacobians do not write into the user's tensors or the returned values", (t) => {
  const W = tensor([[1, 2], [3, 4]]);
  const x = tensor([0.5, -1]);
  const before = [W.data.slice(), x.data.slice()];
  const loss = (p: { W: Tensor; x: Tensor }) => sum(exp(add(matmul(p.W, p.x), mul(p.x, p.x))));
  const g1 = grad(loss)({ W, x });
  const saved = g1.W.data.slice();
  const g2 = grad(loss)({ W, x });
  t.deepEqual(Array.from(g1.W.data), Array.from(saved), "a later grad changed an earlier result");
  t.deepEqual(Array.from(g2.W.data), Array.from(saved));
  t.deepEqual(Array.from(W.data), Array.from(before[0]!));
  t.deepEqual(Array.from(x.data), Array.from(before[1]!));
});
