/**
 * The library must load where Node's module system is absent (a browser): only formula strings
 * need it, and they say so with an ExpressionError. Simulated in a child process by removing
 * process.getBuiltinModule before the library is imported.
 */
import test from "ava";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const indexUrl = new URL("../../lib/index.ts", import.meta.url).href;
const root = fileURLToPath(new URL("../..", import.meta.url));

test("without Node's module loader the core works and compileExpression explains why it cannot", (t) => {
  const script = `
    Object.defineProperty(process, "getBuiltinModule", { value: undefined });
    const m = await import(${JSON.stringify(indexUrl)});
    console.log(m.grad(m.sin)(0));
    try { m.compileExpression("x * y"); console.log("compiled"); }
    catch (e) { console.log(e.name + ": " + e.message); }
  `;
  const out = execFileSync(process.execPath, ["--import=tsx", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  const [gradLine, errorLine] = out.trim().split("\n");
  t.is(gradLine, "1");
  t.regex(errorLine ?? "", /^ExpressionError: compileExpression: formula strings need mathjs's parser.*library's ops/);
});
