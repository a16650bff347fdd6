// The generated primitives table (scripts/docs/primitives-table.ts): one row per registered
// primitive, with its arity, derivative and non-smooth convention, in cells that cannot break
// the markdown table; and the committed page is what the registry generates today.
import test from "ava";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { definePrimitive, primitives, type Primitive } from "../../lib/index.ts";
import { primitivesTable, PRIMITIVES_PAGE } from "../../scripts/docs/primitives-table.ts";
import { ROOT } from "./run-examples.ts";

// Generated before any test registers a primitive of its own.
const libraryPage = primitivesTable(primitives());
const libraryPrimitives = primitives();

test("the committed primitives page is up to date with the registry", (t) => {
  let committed = "";
  try {
    committed = readFileSync(join(ROOT, PRIMITIVES_PAGE), "utf8");
  } catch {
    // reported below
  }
  t.true(
    committed === libraryPage,
    `${PRIMITIVES_PAGE} is ${committed === "" ? "missing" : "out of date with the registry"}: run \`npx tsx scripts/docs/primitives-table.ts\` (or \`npm run docs\`) and commit it.`,
  );
});

/** The table rows of a page: the lines between the header separator and the end. */
function rows(page: string): string[][] {
  const lines = page.split("\n");
  const start = lines.findIndex((l) => l.startsWith("| --- |")) + 1;
  return lines
    .slice(start)
    .filter((l) => l.startsWith("| "))
    .map((l) => l.slice(2, -2).split(/(?<!\\) \| /));
}

test("every registered primitive has exactly one row, sorted by name", (t) => {
  const all = libraryPrimitives;
  const table = rows(primitivesTable(all));
  t.is(table.length, all.length);
  const names = table.map((r) => r[0]!.replace(/^`(\w+)`$/, "$1"));
  t.deepEqual(names, all.map((p) => p.name).sort((a, b) => a.localeCompare(b)));
  t.true(table.every((r) => r.length === 5), "each row has name, arity, derivative, non-smooth convention and summary");
});

test("the row of a primitive shows its doc, escaped for markdown", (t) => {
  const byName = new Map(rows(libraryPage).map((r) => [r[0], r]));
  t.deepEqual(byName.get("`abs`"), ["`abs`", "1", "sign(x)", "0 at 0 (a minimum)", "\\|x\\|"]);
  t.regex(byName.get("`greater`")![2]!, /plain values/);
  t.regex(byName.get("`sign`")![2]!, /^0 \(returns plain values\)$/);
  t.is(byName.get("`concat`")![1], "any");
});

test("a primitive defined outside the library gets a row like any other", (t) => {
  const custom = definePrimitive({
    name: "table_spec_op",
    arity: 2,
    impl: ([x]) => x!,
    jvp: (_p, [t]) => t ?? null,
    vjp: (ct) => [ct, null],
    doc: { summary: "first | argument", derivative: "d/dx = 1, d/dy = 0", nonSmooth: "none_here" },
  });
  const row = rows(primitivesTable([custom as Primitive]))[0]!;
  t.deepEqual(row, ["`table_spec_op`", "2", "d/dx = 1, d/dy = 0", "none\\_here", "first \\| argument"]);
});
