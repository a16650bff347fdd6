/**
 * Tour, part 3: a 2-layer network (tanh hidden layer, softmax output) learns the two spirals,
 * trained with valueAndGrad over a parameter object and Adam, from a fixed seed.
 * @module
 */
import { add, matmul, mean, mul, neg, sum, tanh, logSoftmax, tensor, valueAndGrad, type Tensor, type Value } from "../../lib/index.ts";
import { Adam, type Parameters } from "./adam.ts";
import { gaussian, seededRandom } from "../common/random.ts";
import { twoSpirals } from "./spirals.ts";
import { block, duration, line, paragraph, Progress } from "./print.ts";

const HIDDEN = 48;
const EPOCHS = 1000;
const LEARNING_RATE = 0.02;
const DATA = { perClass: 150, turns: 2.5, noise: 0.04, radius: 2, seed: 7 };

/** The logits of the network for points of shape [N, 2]: shape [N, 2]. */
function logits(p: Parameters | Record<string, Value>, points: Tensor): Value {
  const hidden = tanh(add(matmul(points, p.W1!), p.b1!));
  return add(matmul(hidden, p.W2!), p.b2!);
}

/** Mean softmax cross-entropy of the logits against one-hot labels. */
function loss(p: Record<string, Value>, points: Tensor, oneHot: Tensor): Value {
  return neg(mean(sum(mul(oneHot, logSoftmax(logits(p, points))), 1)));
}

function initialParameters(seed: number): Record<string, Tensor> {
  const normal = gaussian(seededRandom(seed));
  const draw = (shape: number[], scale: number) => tensor(Array.from({ length: shape[0]! * (shape[1] ?? 1) }, () => normal() * scale), shape);
  return { W1: draw([2, HIDDEN], 1.5), b1: draw([HIDDEN], 0.5), W2: draw([HIDDEN, 2], 1 / Math.sqrt(HIDDEN)), b2: draw([2], 0) };
}

/** Predicted class (0 or 1) of each point. */
function predict(p: Parameters, points: Tensor): number[] {
  const z = logits(p, points) as Tensor;
  return Array.from({ length: points.shape[0]! }, (_, i) => (z.data[2 * i + 1]! > z.data[2 * i]! ? 1 : 0));
}

function accuracy(p: Parameters, points: Tensor, labels: readonly number[]): number {
  const predicted = predict(p, points);
  return predicted.filter((c, i) => c === labels[i]).length / labels.length;
}

/** The plane as characters: the class the network predicts as background, the data on top. */
function decisionMap(p: Parameters, points: Tensor, labels: readonly number[], width = 72, height = 26, extent = 2.3): string {
  const grid: number[] = [];
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) grid.push(-extent + (2 * extent * (c + 0.5)) / width, extent - (2 * extent * (r + 0.5)) / height);
  }
  const regions = predict(p, tensor(grid, [width * height, 2]));
  const cells: string[] = regions.map((c) => (c === 0 ? "·" : " "));
  labels.forEach((label, i) => {
    const x = points.data[2 * i]!;
    const y = points.data[2 * i + 1]!;
    const c = Math.floor(((x + extent) / (2 * extent)) * width);
    const r = Math.floor(((extent - y) / (2 * extent)) * height);
    if (c >= 0 && c < width && r >= 0 && r < height) cells[r * width + c] = label === 0 ? "o" : "x";
  });
  const rows: string[] = [];
  for (let r = 0; r < height; r++) rows.push(`│${cells.slice(r * width, (r + 1) * width).join("")}│`);
  return [`┌${"─".repeat(width)}┐`, ...rows, `└${"─".repeat(width)}┘`].join("\n");
}

/** Part 3 of the tour. Returns the final training accuracy. */
export function networkSection(): number {
  const data = twoSpirals(DATA);
  const n = data.labels.length;
  paragraph(
    `Two interleaved spirals, ${DATA.perClass} points each, ${DATA.turns} turns (seed ${DATA.seed}). The model is ` +
      `softmax(W2 tanh(W1 x + b1) + b2) with ${HIDDEN} hidden units; the loss is the mean cross-entropy. ` +
      `valueAndGrad(loss)(params, X, Y) returns the loss and a gradient object shaped like { W1, b1, W2, b2 }, ` +
      `which Adam (learning rate ${LEARNING_RATE}) turns into the next parameters. Full batch, ${EPOCHS} epochs.`,
  );
  line();
  let params: Record<string, Tensor> = initialParameters(11);
  const optimizer = new Adam(LEARNING_RATE);
  const step = valueAndGrad(loss);
  const progress = new Progress();
  const start = performance.now();
  let value = NaN;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const [l, g] = step(params, data.points, data.oneHot) as [number, Record<string, Tensor>];
    value = l;
    params = optimizer.update(params, g);
    const milestone = epoch === 1 || epoch % 200 === 0;
    if (milestone || epoch % 5 === 0) {
      const acc = accuracy(params, data.points, data.labels);
      const elapsed = duration(performance.now() - start);
      progress.update(`epoch ${String(epoch).padStart(4)}/${EPOCHS}   loss ${value.toFixed(4)}   accuracy ${(100 * acc).toFixed(1).padStart(5)}%   ${elapsed}`, milestone);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const final = accuracy(params, data.points, data.labels);
  line();
  paragraph(`Training accuracy ${(100 * final).toFixed(1)}% on ${n} points after ${EPOCHS} epochs in ${seconds.toFixed(1)} s ` +
    `(${((seconds * 1000) / EPOCHS).toFixed(1)} ms per forward + backward pass). What the network learned (· and blank: the ` +
    "two predicted regions; o and x: the two spirals):");
  line();
  block(decisionMap(params, data.points, data.labels));
  return final;
}
