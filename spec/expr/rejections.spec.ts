// What compileExpression refuses, and that it says where: every unsupported construct is an
// ExpressionError naming it and pointing at it (1-based "char N", as mathjs counts), raised
// before anything runs; size limits hold without stack overflows; arbitrary input never makes
// it throw anything but an ExpressionError; mathjs's evaluate/compile are never called.
import test from "ava";
import fc from "fast-check";
import { createRequire } from "node:module";
import { compileExpression, ExpressionError, CotangentError, MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH, grad, type Value } from "../../lib/index.ts";
import { formula } from "./arbitrary-expressions.ts";

/** [source, what the message says, the span it points at (1-based, inclusive)] */
const rejected: [string, RegExp, [number, number] | null][] = [
  ["x + foo(2)", /unknown function `foo`/, [5, 7]],
  ["x = 3", /assignments are not supported/, [3, 3]],
  ["f(x) = x^2", /function definitions are not supported/, [6, 6]],
  ["a.b + 1", /property and index access are not supported/, [2, 2]],
  ["y[1] * 2", /property and index access are not supported/, [2, 2]],
  ["2 * (x + y)[1]", /property and index access are not supported/, [12, 12]],
  ["{a: 1}", /object literals are not supported/, [1, 1]],
  ["x + \"abc\"", /strings are not supported/, [5, 5]],
  ["x + 'abc'", /strings are not supported/, [5, 5]],
  ["1:3", /ranges \(a:b\) are not supported/, [2, 2]],
  ["x > 0 ? x : 0", /conditionals \(c \? a : b\) are not supported/, [7, 7]],
  ["x < 2", /operator `<` \(smaller\) is not supported/, [3, 3]],
  ["a < b < c", /comparisons are not supported/, [3, 3]],
  ["x mod 2", /operator `mod` \(mod\) is not supported/, [3, 5]],
  ["x % 2", /operator `%` \(mod\) is not supported/, [3, 3]],
  ["50%", /percentages are not supported/, [3, 3]],
  ["3!", /operator `!` \(factorial\) is not supported/, [2, 2]],
  ["not x", /operator `not` \(not\) is not supported/, [1, 3]],
  ["x and y", /operator `and` \(and\) is not supported/, [3, 5]],
  ["x & y", /operator `&` \(bitAnd\) is not supported/, [3, 3]],
  ["true + x", /`true` is not a number/, [1, 4]],
  ["x; y", /2 statements/, [2, 2]],
  ["sin(x, y)", /sin takes 1 argument, got 2/, [1, 3]],
  ["atan2(x)", /atan2 takes 2 arguments, got 1/, [1, 5]],
  ["log()", /log takes 1 to 2 arguments, got 0/, [1, 3]],
  ["max()", /max takes at least 1 argument/, [1, 3]],
  ["sin + 1", /`sin` is a function, used here without arguments/, [1, 3]],
  ["x + pi(2)", /`pi` is called like a function, but it is a constant/, [5, 6]],
  ["x(2)", /unknown function `x`/, [1, 1]],
  ["[]", /empty arrays are not supported/, [1, 2]],
  ["[1, 2] * [1, 2, 3]", /`\[1, 2\] \* \[1, 2, 3\]` cannot be computed.*dot: vectors of different lengths/s, [1, 18]],
  ["[1, 2]^2", /cannot be computed.*needs a square matrix/s, [1, 8]],
  ["5 cm to inch", /operator `to` \(to\) is not supported/, [6, 7]],
  ["x +", /syntax error: Unexpected end of expression/, [4, 4]],
  ["a, b", /syntax error: Unexpected operator ,/, [2, 2]],
  ["(x", /syntax error: Parenthesis \) expected/, [3, 3]],
  ["x @ y", /syntax error/, [3, 3]],
];

for (const [source, message, span] of rejected) {
  test(`rejects ${JSON.stringify(source)} and points at it`, (t) => {
    const error = t.throws(() => compileExpression(source), { instanceOf: ExpressionError });
    t.regex(error!.message, message);
    t.regex(error!.message, /^compileExpression: /);
    if (span !== null) {
      const [from, to] = span;
      t.true(error!.message.includes(from === to ? ` at char ${from}:` : ` at chars ${from}-${to}:`), `${error!.message}\nexpected the span ${from}-${to}`);
      // The pointer line: the source, then carets under the span.
      const lines = error!.message.split("\n");
      const shown = lines.findIndex((l) => l === `    ${source}`);
      t.true(shown > 0, error!.message);
      t.is(lines[shown + 1], `    ${" ".repeat(from - 1)}${"^".repeat(to - from + 1)}`);
    }
  });
}

test("with vars given, other symbols (including unit names) are unknown", (t) => {
  const error = t.throws(() => compileExpression("2 * x + cm", { vars: ["x"] }), { instanceOf: ExpressionError });
  t.regex(error!.message, /unknown symbol `cm` at chars 9-10/);
  t.regex(error!.message, /The variables are x/);
  t.throws(() => compileExpression("x", { vars: ["x", "x"] }), { instanceOf: ExpressionError, message: /lists "x" twice/ });
  t.throws(() => compileExpression("x", { vars: "x" as never }), { instanceOf: ExpressionError, message: /vars must be an array/ });
  t.throws(() => compileExpression(42 as never), { instanceOf: ExpressionError, message: /must be a string/ });
  t.throws(() => compileExpression("   "), { instanceOf: ExpressionError, message: /empty/ });
});

test("a trailing newline or semicolon is one statement, not two", (t) => {
  t.is(compileExpression("x + 1\n")(1), 2);
  t.is(compileExpression("x + 1;")(1), 2);
  t.is(compileExpression("(x +\n 1) # a comment")(1), 2);
  t.is(compileExpression("x + 1\r\n")(1), 2, "Windows line ends");
  t.deepEqual(compileExpression("sin(θ) * r").vars, ["r", "θ"], "mathjs's letters include Greek");
});

test(`the length limit is ${MAX_EXPRESSION_LENGTH} characters; a long flat sum within it compiles and runs`, (t) => {
  const terms = Math.floor(MAX_EXPRESSION_LENGTH / 2);
  const longest = Array.from({ length: terms }, () => "x").join("+");
  t.true(longest.length < MAX_EXPRESSION_LENGTH);
  const f = compileExpression(longest);
  t.is(f(1), terms);
  t.is(grad(f)(1), terms);
  const tooLong = longest + "+x+x";
  t.throws(() => compileExpression(tooLong), { instanceOf: ExpressionError, message: new RegExp(`${tooLong.length} characters long; the limit is ${MAX_EXPRESSION_LENGTH}`) });
});

test(`nesting deeper than ${MAX_EXPRESSION_DEPTH} levels is an ExpressionError, never a stack overflow`, (t) => {
  const nested = (n: number) => "(".repeat(n) + "x" + ")".repeat(n);
  t.is(compileExpression(nested(MAX_EXPRESSION_DEPTH))(2), 2);
  t.throws(() => compileExpression(nested(MAX_EXPRESSION_DEPTH + 1)), { instanceOf: ExpressionError, message: /nested more than 100 levels deep at char 101/ });
  const deep = [
    nested(4000),
    "sin(".repeat(1900) + "x" + ")".repeat(1900),
    "-".repeat(9000) + "x",
    "x^".repeat(4000) + "x",
    "[".repeat(4000) + "x" + "]".repeat(4000),
    "x'".repeat(1) + "'".repeat(8000),
  ];
  for (const source of deep) {
    t.throws(() => compileExpression(source), { instanceOf: ExpressionError, message: /nested (more than 100 levels deep|too deeply)/ }, source.slice(0, 20));
  }
  t.is(compileExpression("-".repeat(MAX_EXPRESSION_DEPTH) + "x")(3), 3);
});

test("any string either compiles or is rejected with an ExpressionError; compiled ones run or throw library errors", (t) => {
  const alphabet = fc.constantFrom(..."xyz0123456789.+-*/^'()[],;:=<>!%&|?{}\"#e pisnqrtlogmaxbcd_\n\t".split(""));
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join("")), fc.double({ min: -3, max: 3, noNaN: true }), (source, value) => {
      let compiled;
      try {
        compiled = compileExpression(source);
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw new Error(`${JSON.stringify(source)} threw ${String(e)}`);
        return;
      }
      try {
        compiled(...compiled.vars.map(() => value));
      } catch (e) {
        if (!(e instanceof CotangentError)) throw new Error(`${JSON.stringify(source)} ran into ${String(e)}`);
      }
    }),
    { seed: 77, numRuns: 3000 },
  );
  t.pass();
});

test("errors point at the right character in random valid formulas (the tokens stay in step with mathjs's tree)", (t) => {
  fc.assert(
    fc.property(formula(4), fc.nat(), (f, pick) => {
      // Replace one occurrence of a variable by an unknown function call: the error must point at it.
      const spots = [...f.ours.matchAll(/\b[xyz]\b/g)].map((m) => m.index!);
      if (spots.length === 0) return;
      const at = spots[pick % spots.length]!;
      const source = `${f.ours.slice(0, at)}foo(1)${f.ours.slice(at + 1)}`;
      try {
        compileExpression(source);
      } catch (e) {
        const expected = ` at chars ${at + 1}-${at + 3}:`;
        if (!(e instanceof ExpressionError) || !e.message.includes("unknown function `foo`") || !e.message.includes(expected)) {
          throw new Error(`${source}: expected "unknown function \`foo\`${expected}", got ${String(e)}`);
        }
        return;
      }
      throw new Error(`${source} compiled`);
    }),
    { seed: 5, numRuns: 400 },
  );
  t.pass();
});

test("compiling and running never calls mathjs's evaluate or compile", (t) => {
  // The library loads mathjs's single-file build; this is the same module instance.
  const math = createRequire(import.meta.url)("mathjs/lib/browser/math.js") as Record<string, unknown> & { Node: { prototype: Record<string, unknown> } };
  const saved = { evaluate: math.evaluate, compile: math.compile, nodeCompile: math.Node.prototype.compile, nodeEvaluate: math.Node.prototype.evaluate };
  const forbidden = () => {
    throw new Error("mathjs evaluate/compile was called");
  };
  math.evaluate = forbidden;
  math.compile = forbidden;
  math.Node.prototype.compile = forbidden;
  math.Node.prototype.evaluate = forbidden;
  try {
    for (const source of ["x*y + sin(x)", "[x, 2; 3, y] * [1, 2]", "sum([x, y] .^ 2) / 2", "2 * pi", "max(x, y, 3)", "log(x, 2) + nthRoot(y, 3)"]) {
      const f = compileExpression(source);
      const args: Value[] = f.vars.map(() => 1.5);
      f(...args);
      if (f.vars.length > 0 && typeof f(...args) === "number") grad(f)(...args);
    }
    t.throws(() => compileExpression("x = 2"), { instanceOf: ExpressionError });
  } finally {
    math.evaluate = saved.evaluate;
    math.compile = saved.compile;
    math.Node.prototype.compile = saved.nodeCompile;
    math.Node.prototype.evaluate = saved.nodeEvaluate;
  }
});
