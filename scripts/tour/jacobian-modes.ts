/**
 * Tour, part 2: why `jacobian` picks a mode. For f: R^n -> R^m, forward mode builds the Jacobian
 * one column per pass (n passes), reverse mode one row per backward pass (m passes). The tour
 * times both on a tall Jacobian (few inputs, many outputs) and a wide one (the reverse).
 * @module
 */
import { chooseJacobianMode, compileExpression, jacobian, tensor, type Tensor } from "../../lib/index.ts";
import { formatNumber, renderTextTable } from "../../lib/graph/format.ts";
import { gaussian, seededRandom } from "../common/random.ts";
import { block, duration, line, paragraph } from "./print.ts";

function randomMatrix(rows: number, cols: number, seed: number): Tensor {
  const normal = gaussian(seededRandom(seed));
  return tensor(Array.from({ length: rows * cols }, () => normal() / Math.sqrt(cols)), [rows, cols]);
}

/** Wall time of `run`: the best of several runs after a warm-up (fewer for slow ones), and its result. */
function time<T>(run: () => T): { ms: number; result: T } {
  let result = run();
  let best = Infinity;
  let spent = 0;
  for (let r = 0; r < 7 && (r < 1 || spent < 300); r++) {
    const start = performance.now();
    result = run();
    const ms = performance.now() - start;
    best = Math.min(best, ms);
    spent += ms;
  }
  return { ms: best, result };
}

function maxDifference(a: Tensor, b: Tensor): number {
  let worst = 0;
  for (let i = 0; i < a.size; i++) worst = Math.max(worst, Math.abs(a.data[i]! - b.data[i]!));
  return worst;
}

/** Part 2 of the tour. */
export function jacobianSection(): void {
  paragraph(
    "The same layer, y = tanh(A x), in two shapes. jacobian(f) asks chooseJacobianMode(n, m): forward mode when " +
      "n <= m (n passes, one Jacobian column each), reverse mode otherwise (one recording, then m backward passes, " +
      "one row each). Both modes are timed on both shapes.",
  );
  const layer = compileExpression("tanh(A * x)", { vars: ["x", "A"] });
  const cases = [
    { name: "tall: R^8 -> R^2000", n: 8, m: 2000, seed: 1 },
    { name: "wide: R^2000 -> R^8", n: 2000, m: 8, seed: 2 },
  ];
  const rows: string[][] = [];
  const reasons: string[] = [];
  for (const { name, n, m, seed } of cases) {
    const A = randomMatrix(m, n, seed);
    const x = tensor(Array.from({ length: n }, (_, i) => Math.sin(i + 1)));
    const forward = time(() => jacobian(layer, { mode: "forward" })(x, A) as Tensor);
    const reverse = time(() => jacobian(layer, { mode: "reverse" })(x, A) as Tensor);
    const auto = chooseJacobianMode(n, m);
    const agree = maxDifference(forward.result, reverse.result);
    const faster = auto.mode === "forward" ? reverse.ms / forward.ms : forward.ms / reverse.ms;
    rows.push([name, `${m} × ${n}`, auto.mode, duration(forward.ms), duration(reverse.ms), `${faster.toFixed(0)}×`, formatNumber(agree, 2)]);
    reasons.push(`${name.split(":")[0]}: ${auto.reason}`);
  }
  line();
  block(renderTextTable(["f", "Jacobian", "auto picks", "forward", "reverse", "speed-up", "max |difference|"], rows));
  line();
  for (const r of reasons) line(`  ${r}`);
}
