/**
 * The tour (`npm start`): cotangent on the lecture notes' examples, on a Jacobian in both modes,
 * and on training a small network from scratch. No arguments; runs in well under a minute.
 * @module
 */
import { notesSection } from "./tour/notes.ts";
import { jacobianSection } from "./tour/jacobian-modes.ts";
import { networkSection } from "./tour/network.ts";
import { duration, line, paragraph, section } from "./tour/print.ts";

const start = performance.now();
line();
line("cotangent: automatic differentiation for TypeScript, forward mode and reverse mode");
paragraph(
  "A tour in three parts: the lecture notes' worked examples, computed from formula strings; the Jacobian's two " +
    "modes raced against each other; a small neural network trained from scratch.",
  0,
);

section("1. The notes' examples, by graph and by four methods");
notesSection();

section("2. jacobian picks the mode: forward for a tall Jacobian, reverse for a wide one");
jacobianSection();

section("3. Learning two spirals with valueAndGrad");
const accuracy = networkSection();

section("Next");
paragraph("The same from a shell, with the cotangent command (in this repository, npm run cli -- instead of npx cotangent):", 0);
line('  npx cotangent grad "exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)" --at x=2,z=3');
line('  npx cotangent jacobian "x*y, sin(x), x + y" --at x=2,y=3');
line('  npx cotangent graph "sqrt(x^2 + exp(x^2)) + cos(x^2 + exp(x^2))" --at x=0.5 --dot | dot -Tsvg > graph.svg');
line("  npx cotangent --help");
line();
line(`Tour finished in ${duration(performance.now() - start)}.`);
if (accuracy < 0.95) {
  process.stderr.write(`The network reached only ${(100 * accuracy).toFixed(1)}% training accuracy (expected at least 95%).\n`);
  process.exitCode = 1;
}
