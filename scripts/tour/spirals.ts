/**
 * The two-spirals data set: two interleaved spiral arms in the plane, one per class, a classic
 * test that a linear model cannot pass (the classes wind around each other).
 * @module
 */
import { tensor, type Tensor } from "../../lib/index.ts";
import { gaussian, seededRandom } from "../common/random.ts";

export interface Spirals {
  /** Points, shape [2 * perClass, 2]. */
  readonly points: Tensor;
  /** Class of each point: 0 or 1. */
  readonly labels: readonly number[];
  /** One-hot labels, shape [2 * perClass, 2]. */
  readonly oneHot: Tensor;
}

export interface SpiralOptions {
  /** Points per arm. */
  perClass: number;
  /** How many times each arm winds around the centre. */
  turns: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  noise: number;
  /** Radius of the outermost point. */
  radius: number;
  seed: number;
}

/**
 * Points along two arms r(t) = radius·t, θ(t) = 2π·turns·t (+π for the second arm), t in (0, 1),
 * with Gaussian noise; the same seed gives the same points.
 */
export function twoSpirals({ perClass, turns, noise, radius, seed }: SpiralOptions): Spirals {
  const normal = gaussian(seededRandom(seed));
  const xy: number[] = [];
  const labels: number[] = [];
  for (let arm = 0; arm < 2; arm++) {
    for (let i = 0; i < perClass; i++) {
      const t = (i + 0.5) / perClass;
      const angle = 2 * Math.PI * turns * t + arm * Math.PI;
      xy.push(radius * t * Math.cos(angle) + noise * normal(), radius * t * Math.sin(angle) + noise * normal());
      labels.push(arm);
    }
  }
  const n = labels.length;
  return {
    points: tensor(xy, [n, 2]),
    labels,
    oneHot: tensor(labels.flatMap((c) => (c === 0 ? [1, 0] : [0, 1])), [n, 2]),
  };
}
