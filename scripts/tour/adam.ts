/**
 * Adam (Kingma & Ba), the optimizer the tour trains with: per-parameter step sizes from running
 * averages of the gradient and its square. Works on any object of tensors, such as the
 * gradients valueAndGrad returns for a parameter object.
 * @module
 */
import { Tensor } from "../../lib/index.ts";

export type Parameters = Readonly<Record<string, Tensor>>;

export class Adam {
  private readonly m = new Map<string, Float64Array>();
  private readonly v = new Map<string, Float64Array>();
  private step = 0;

  constructor(
    private readonly learningRate: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {}

  /** New parameters one step against the gradients (tensors are immutable: nothing is modified). */
  update(params: Parameters, grads: Parameters): Record<string, Tensor> {
    this.step++;
    const { beta1, beta2, epsilon } = this;
    const correction1 = 1 - beta1 ** this.step;
    const correction2 = 1 - beta2 ** this.step;
    const next: Record<string, Tensor> = {};
    for (const [name, p] of Object.entries(params)) {
      const g = grads[name]!.data;
      const m = this.moment(this.m, name, p.size);
      const v = this.moment(this.v, name, p.size);
      const out = new Float64Array(p.size);
      for (let i = 0; i < p.size; i++) {
        m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
        v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! * g[i]!;
        out[i] = p.data[i]! - (this.learningRate * (m[i]! / correction1)) / (Math.sqrt(v[i]! / correction2) + epsilon);
      }
      next[name] = new Tensor(out, p.shape);
    }
    return next;
  }

  private moment(store: Map<string, Float64Array>, name: string, size: number): Float64Array {
    let buffer = store.get(name);
    if (buffer === undefined) store.set(name, (buffer = new Float64Array(size)));
    return buffer;
  }
}
