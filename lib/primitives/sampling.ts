/**
 * Random valid arguments for primitives, used by the property tests through each primitive's
 * `sample`. Shapes are small and include broadcasting pairs.
 * @module
 */
import type { Sampler } from "../core/primitive.ts";
import type { Value } from "../core/value.ts";
import { Tensor } from "../tensor/tensor.ts";
import { sizeOf } from "../tensor/shape.ts";

/**
 * Where an argument may be drawn: uniformly in [min, max], optionally kept `gap` away from the
 * points in `avoid` (kinks and poles, where finite differences are meaningless).
 */
export interface Domain {
  /** Smallest value drawn. */
  min: number;
  /** Largest value drawn. */
  max: number;
  /** Points to stay away from (kinks, poles). */
  avoid?: readonly number[];
  /** Smallest distance kept from each point of `avoid` (default 0.1). */
  gap?: number;
}

export function drawNumber(random: () => number, d: Domain): number {
  for (let tries = 0; tries < 1000; tries++) {
    const v = d.min + (d.max - d.min) * random();
    if (!d.avoid || d.avoid.every((a) => Math.abs(v - a) >= (d.gap ?? 0.1))) return v;
  }
  return d.max;
}

export function drawTensor(random: () => number, shape: readonly number[], d: Domain): Tensor {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = drawNumber(random, d);
  return new Tensor(data, shape);
}

/** A number for shape [], else a tensor. */
export function drawValue(random: () => number, shape: readonly number[], d: Domain): Value {
  return shape.length === 0 ? drawNumber(random, d) : drawTensor(random, shape, d);
}

const UNARY_SHAPES: readonly (readonly number[])[] = [[], [3], [2, 3]];
/** Pairs that exercise broadcasting both ways, including a plain number against a tensor. */
const BINARY_SHAPES: readonly (readonly [readonly number[], readonly number[]])[] = [
  [[], []],
  [[3], [3]],
  [[2, 3], [3]],
  [[], [2, 2]],
  [[2, 1], [1, 3]],
];

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))]!;
}

export function sampleUnary(d: Domain): Sampler<undefined> {
  return (random) => ({ args: [drawValue(random, pick(random, UNARY_SHAPES), d)], params: undefined });
}

export function sampleBinary([dx, dy]: readonly [Domain, Domain]): Sampler<undefined> {
  return (random) => {
    const [sx, sy] = pick(random, BINARY_SHAPES);
    return { args: [drawValue(random, sx, dx), drawValue(random, sy, dy)], params: undefined };
  };
}
