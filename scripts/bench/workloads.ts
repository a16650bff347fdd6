/**
 * The benchmark workloads W1..W5 written with cotangent's ops, as a user would write them.
 * Each mirrors a hand-written reference in references.ts (same data, same arithmetic), so the
 * two can be checked against each other and timed side by side.
 */
import {
  add, matmul, mean, mul, neg, sin, cos, logSoftmax, slice, square, sub, sum, tanh, tensor,
  type Tensor, type Value,
} from '../../lib/index.ts';
import type { MlpData } from './references.ts';

// ---------------------------------------------------------------------------
// W1 / W5: vectorised Rosenbrock

/** sum(100 (x[1:] - x[:-1]^2)^2 + (1 - x[:-1])^2) on a 1-D tensor. */
export function rosenbrockOps(x: Value): Value {
  const n = (x as Tensor).shape[0]!;
  const head = slice(x, [0], [n - 1]);
  const tail = slice(x, [1], [n]);
  const t = sub(tail, square(head));
  const u = sub(1, head);
  return sum(add(mul(100, square(t)), square(u)));
}

// ---------------------------------------------------------------------------
// W2: MLP with softmax cross-entropy

export interface MlpTensors {
  W1: Tensor;
  b1: Tensor;
  W2: Tensor;
  b2: Tensor;
}

/** The reference's data as tensors; labels become a one-hot matrix (the library has no gather). */
export function mlpTensors(data: MlpData): { params: MlpTensors; X: Tensor; Y: Tensor } {
  const { batch, input, hidden, classes } = data.dims;
  const { W1, b1, W2, b2 } = data.params;
  const onehot = new Float64Array(batch * classes);
  for (let b = 0; b < batch; b++) onehot[b * classes + data.y[b]!] = 1;
  return {
    params: {
      W1: tensor(W1, [input, hidden]),
      b1: tensor(b1, [hidden]),
      W2: tensor(W2, [hidden, classes]),
      b2: tensor(b2, [classes]),
    },
    X: tensor(data.X, [batch, input]),
    Y: tensor(onehot, [batch, classes]),
  };
}

/** mean over the batch of -log softmax(tanh(X W1 + b1) W2 + b2)[label]. */
export function mlpLossOps(p: MlpTensors, X: Tensor, Y: Tensor): Value {
  const hidden = tanh(add(matmul(X, p.W1), p.b1));
  const logits = add(matmul(hidden, p.W2), p.b2);
  return neg(mean(sum(mul(Y, logSoftmax(logits)), -1)));
}

/** Plain SGD with the library's ops: returns the new parameters. */
export function sgdOps(p: MlpTensors, g: MlpTensors, lr: number): MlpTensors {
  return {
    W1: sub(p.W1, mul(lr, g.W1)) as Tensor,
    b1: sub(p.b1, mul(lr, g.b1)) as Tensor,
    W2: sub(p.W2, mul(lr, g.W2)) as Tensor,
    b2: sub(p.b2, mul(lr, g.b2)) as Tensor,
  };
}

// ---------------------------------------------------------------------------
// W3: tanh(A x)

export function tanhAxOps(A: Tensor): (x: Value) => Value {
  return (x) => tanh(matmul(A, x));
}

// ---------------------------------------------------------------------------
// W4: scalar chain

/** x <- sin(x) * 1.0001 + cos(x) * x * 0.5, N times, with the library's ops on numbers. */
export function chainOps(N: number): (x: Value) => Value {
  return (x0) => {
    let x = x0;
    for (let k = 0; k < N; k++) x = add(mul(sin(x), 1.0001), mul(mul(cos(x), x), 0.5));
    return x;
  };
}
