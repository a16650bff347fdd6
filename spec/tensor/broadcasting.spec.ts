/**
 * Elementwise kernels under NumPy broadcasting, for every elementwise primitive in the registry,
 * against a naive reference that computes each output element from its multi-index.
 */
import test from "ava";
import fc from "fast-check";
import { add, bind, broadcastTo, primitives, tensor, where, ShapeError, Tensor, type Value } from "../../lib/index.ts";
import { broadcastPairArb, plainOf, seedArb, shapeArb, toValue } from "../support/arbitraries.ts";
import { seededRandom } from "../support/random.ts";
import { expectPlain } from "../support/assert.ts";
import { broadcastShape, readBroadcast, naiveBinary, sizeOfShape, unravel, type Plain } from "../support/reference.ts";

const binary = primitives().filter((p) => p.arity === 2 && p.name !== "matmul" && p.sample && p.sample(seededRandom(0)).params === undefined);
const unary = primitives().filter((p) => p.arity === 1 && p.sample && p.sample(seededRandom(0)).params === undefined);

const scalarOf = (prim: (typeof binary)[number]) => (x: number, y: number) => bind(prim, [x, y]) as number;

test("the registry has the binary and unary elementwise ops", (t) => {
  t.true(binary.length >= 15, binary.map((p) => p.name).join(" "));
  t.true(unary.length >= 25, unary.map((p) => p.name).join(" "));
});

for (const prim of binary) {
  test(`${prim.name}: broadcasting matches the naive reference (property)`, (t) => {
    fc.assert(
      fc.property(broadcastPairArb, seedArb, ([sa, sb], seed) => {
        const a = plainOf(sa, seed);
        const b = plainOf(sb, seed + 1);
        const got = bind(prim, [toValue(a), toValue(b)]);
        expectPlain(got, naiveBinary(a, b, scalarOf(prim)), `${prim.name}([${sa}], [${sb}])`);
        if (sa.length === 0 && sb.length === 0) t.is(typeof got, "number", "numbers in give a number out");
      }),
      { numRuns: 40 },
    );
    t.pass();
  });
}

test("a 0-d tensor broadcasts like a number", (t) => {
  const m = tensor([[1, 2], [3, 4]]);
  const s = tensor(10);
  t.deepEqual((add(m, s) as Tensor).toArray(), [[11, 12], [13, 14]]);
  t.deepEqual((add(s, m) as Tensor).toArray(), [[11, 12], [13, 14]]);
  const both = add(s, tensor(1));
  t.deepEqual(both instanceof Tensor ? both.toArray() : both, 11);
});

test("incompatible shapes: ShapeError naming the op and both shapes", (t) => {
  const e = t.throws(() => add(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 2])), { instanceOf: ShapeError });
  t.regex(e.message, /add/);
  t.regex(e.message, /\[2, 3\]/);
  t.regex(e.message, /\[2\]/);
  for (const prim of binary) {
    const err = t.throws(() => bind(prim, [tensor([1, 2, 3]), tensor([1, 2])]), { instanceOf: ShapeError }, prim.name);
    t.regex(err.message, new RegExp(`^${prim.name}\\b`), `${prim.name}: the message should start with the op name, got: ${err.message}`);
  }
});

for (const prim of unary) {
  test(`${prim.name}: elementwise on any shape, including empty (property)`, (t) => {
    fc.assert(
      fc.property(shapeArb(3, 3, 0), seedArb, (shape, seed) => {
        const x = plainOf(shape, seed);
        const expected: Plain = { data: x.data.map((v) => bind(prim, [v]) as number), shape };
        expectPlain(bind(prim, [toValue(x)]), expected, `${prim.name}([${shape}])`);
      }),
      { numRuns: 25 },
    );
    t.pass();
  });
}

test("where broadcasts condition and both branches (property)", (t) => {
  const tripleArb = shapeArb(3, 3, 1).chain((base) => {
    const operand = fc.tuple(fc.integer({ min: 0, max: base.length }), fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length })).map(([drop, ones]) =>
      base.map((d, i) => (ones[i] ? 1 : d)).slice(drop),
    );
    return fc.tuple(operand, operand, operand);
  });
  fc.assert(
    fc.property(tripleArb, seedArb, ([sc, sa, sb], seed) => {
      const c = plainOf(sc, seed);
      c.data = c.data.map((v) => (v > 0 ? 1 : 0));
      const a = plainOf(sa, seed + 1);
      const b = plainOf(sb, seed + 2);
      const shape = broadcastShape(broadcastShape(sc, sa)!, sb)!;
      const expected: Plain = {
        shape,
        data: Array.from({ length: sizeOfShape(shape) }, (_, k) => {
          const idx = unravel(k, shape);
          return readBroadcast(c, idx) !== 0 ? readBroadcast(a, idx) : readBroadcast(b, idx);
        }),
      };
      expectPlain(where(toValue(c), toValue(a), toValue(b)), expected, `where([${sc}], [${sa}], [${sb}])`);
    }),
    { numRuns: 60 },
  );
  t.pass();
});

test("broadcastTo matches the naive reference and rejects impossible targets (property)", (t) => {
  fc.assert(
    fc.property(broadcastPairArb, seedArb, ([sa, sb], seed) => {
      const target = broadcastShape(sa, sb)!;
      const a = plainOf(sa, seed);
      const expected: Plain = { shape: target, data: Array.from({ length: sizeOfShape(target) }, (_, k) => readBroadcast(a, unravel(k, target))) };
      expectPlain(broadcastTo(toValue(a) as Value, target), expected, `broadcastTo([${sa}], [${target}])`);
    }),
    { numRuns: 60 },
  );
  t.throws(() => broadcastTo(tensor([1, 2, 3]), [2, 2]), { instanceOf: ShapeError, message: /broadcastTo.*\[3\].*\[2, 2\]/ });
  t.throws(() => broadcastTo(tensor([[1, 2]]), [2]), { instanceOf: ShapeError });
});
