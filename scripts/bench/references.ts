/**
 * Hand-written plain-JavaScript references ("the floor") for the benchmark
 * workloads W1..W5: each function and its hand-derived derivative as fused
 * Float64Array loops. An AD library can at best approach these numbers, so
 * they bound what the library's overhead costs.
 *
 * Conventions: every matrix is a row-major Float64Array; `out` arguments are
 * optional so timed code can reuse buffers while checks can just allocate.
 */

// ---------------------------------------------------------------------------
// Deterministic data

/** mulberry32: tiny 32-bit-state PRNG; uniform in [0, 1). Shared with the tour and docs scripts. */
import { seededRandom as mulberry32 } from "../common/random.ts";
export { mulberry32 };

/** Standard normal samples via Box-Muller, driven by a seeded uniform source. */
export function normalSampler(uniform: () => number): () => number {
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    // 1 - u keeps the argument of log strictly positive.
    const r = Math.sqrt(-2 * Math.log(1 - uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    hasSpare = true;
    return r * Math.cos(theta);
  };
}

function fillUniform(out: Float64Array, rand: () => number, lo: number, hi: number): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = lo + (hi - lo) * rand();
  return out;
}

function fillNormal(out: Float64Array, normal: () => number, scale: number): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = scale * normal();
  return out;
}

// ---------------------------------------------------------------------------
// W1: vectorised Rosenbrock, f(x) = sum_{i<n-1} 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2

export function makeW1(n: number, seed = 1): Float64Array {
  // [-2, 2] spans both the curved valley and the steep walls, so no term of
  // the gradient is systematically negligible.
  return fillUniform(new Float64Array(n), mulberry32(seed), -2, 2);
}

export function rosenbrock(x: Float64Array): number {
  let f = 0;
  const n = x.length;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i]!;
    const t = x[i + 1]! - xi * xi;
    const u = 1 - xi;
    f += 100 * t * t + u * u;
  }
  return f;
}

/**
 * One pass: term i touches only x[i] and x[i+1], so grad[i+1] can be
 * initialised from term i and completed by term i+1 on the next iteration.
 */
export function rosenbrockValueAndGrad(x: Float64Array, gradOut: Float64Array): number {
  const n = x.length;
  let f = 0;
  if (n > 0) gradOut[0] = 0;
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i]!;
    const t = x[i + 1]! - xi * xi;
    const u = 1 - xi;
    f += 100 * t * t + u * u;
    gradOut[i] = gradOut[i]! - 400 * t * xi - 2 * u;
    gradOut[i + 1] = 200 * t;
  }
  return f;
}

// ---------------------------------------------------------------------------
// W5: Rosenbrock Hessian (tridiagonal) and Hessian-vector product
//
//   H[i][i]   = [i < n-1] (1200 x_i^2 - 400 x_{i+1} + 2) + [i > 0] 200
//   H[i][i+1] = H[i+1][i] = -400 x_i

export function makeW5(n = 100, seed = 5): { x: Float64Array; v: Float64Array } {
  const rand = mulberry32(seed);
  return {
    x: fillUniform(new Float64Array(n), rand, -2, 2),
    v: fillNormal(new Float64Array(n), normalSampler(rand), 1),
  };
}

/** Compact form: diag has n entries, off has n-1 (the super/sub diagonal). */
export function rosenbrockHessianTridiag(x: Float64Array, diag: Float64Array, off: Float64Array): void {
  const n = x.length;
  for (let i = 0; i < n; i++) {
    let d = i > 0 ? 200 : 0;
    if (i < n - 1) {
      const xi = x[i]!;
      d += 1200 * xi * xi - 400 * x[i + 1]! + 2;
      off[i] = -400 * xi;
    }
    diag[i] = d;
  }
}

/**
 * Dense n x n Hessian, because that is the shape a generic `hessian()` returns;
 * the zero fill is part of the cost a dense result has to pay.
 */
export function rosenbrockHessian(x: Float64Array, out: Float64Array = new Float64Array(x.length * x.length)): Float64Array {
  const n = x.length;
  out.fill(0);
  for (let i = 0; i < n; i++) {
    let d = i > 0 ? 200 : 0;
    if (i < n - 1) {
      const xi = x[i]!;
      d += 1200 * xi * xi - 400 * x[i + 1]! + 2;
      const o = -400 * xi;
      out[i * n + i + 1] = o;
      out[(i + 1) * n + i] = o;
    }
    out[i * n + i] = d;
  }
  return out;
}

/** H v without forming H: one pass carrying the sub-diagonal contribution forward. */
export function rosenbrockHvp(x: Float64Array, v: Float64Array, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const n = x.length;
  if (n === 0) return out;
  let fromPrev = 0; // H[i][i-1] * v[i-1]
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i]!;
    const o = -400 * xi;
    const d = 1200 * xi * xi - 400 * x[i + 1]! + 2 + (i > 0 ? 200 : 0);
    const vi = v[i]!;
    out[i] = d * vi + o * v[i + 1]! + fromPrev;
    fromPrev = o * vi;
  }
  // A single variable has no terms at all, hence no 200 on its diagonal.
  out[n - 1] = (n > 1 ? 200 : 0) * v[n - 1]! + fromPrev;
  return out;
}

// ---------------------------------------------------------------------------
// W2: one-hidden-layer MLP, softmax cross-entropy averaged over the batch

export interface MlpDims {
  batch: number;
  input: number;
  hidden: number;
  classes: number;
}

export const W2_DIMS: Readonly<MlpDims> = Object.freeze({ batch: 128, input: 784, hidden: 256, classes: 10 });

export interface MlpParams {
  /** [input x hidden] */
  W1: Float64Array;
  /** [hidden] */
  b1: Float64Array;
  /** [hidden x classes] */
  W2: Float64Array;
  /** [classes] */
  b2: Float64Array;
}

export interface MlpData {
  dims: MlpDims;
  params: MlpParams;
  /** [batch x input] */
  X: Float64Array;
  /** [batch], values in 0..classes-1 */
  y: Int32Array;
}

export function makeW2(seed = 2, dims: MlpDims = W2_DIMS): MlpData {
  const { batch, input, hidden, classes } = dims;
  const rand = mulberry32(seed);
  const normal = normalSampler(rand);
  const X = fillNormal(new Float64Array(batch * input), normal, 1);
  // 1/sqrt(fan_in) keeps pre-activations O(1): tanh stays out of saturation
  // and the logits are neither flat nor one-hot.
  const W1 = fillNormal(new Float64Array(input * hidden), normal, 1 / Math.sqrt(input));
  const W2 = fillNormal(new Float64Array(hidden * classes), normal, 1 / Math.sqrt(hidden));
  // Non-zero biases so a gradient check cannot pass by accident at b = 0.
  const b1 = fillNormal(new Float64Array(hidden), normal, 0.1);
  const b2 = fillNormal(new Float64Array(classes), normal, 0.1);
  const y = new Int32Array(batch);
  for (let b = 0; b < batch; b++) y[b] = Math.min(classes - 1, Math.floor(rand() * classes));
  return { dims: { ...dims }, params: { W1, b1, W2, b2 }, X, y };
}

function mlpDims(params: MlpParams, X: Float64Array, y: Int32Array): MlpDims {
  const batch = y.length;
  const hidden = params.b1.length;
  const classes = params.b2.length;
  const input = batch > 0 ? X.length / batch : 0;
  if (
    !Number.isInteger(input) ||
    params.W1.length !== input * hidden ||
    params.W2.length !== hidden * classes
  ) {
    throw new Error(`inconsistent MLP shapes: X ${X.length}, batch ${batch}, W1 ${params.W1.length}, W2 ${params.W2.length}`);
  }
  return { batch, input, hidden, classes };
}

/** A = tanh(X W1 + b1), naive i-k-j matmul. */
function mlpHidden(params: MlpParams, X: Float64Array, d: MlpDims): Float64Array {
  const { batch: B, input: D, hidden: H } = d;
  const { W1, b1 } = params;
  const A = new Float64Array(B * H);
  for (let b = 0; b < B; b++) {
    const aRow = b * H;
    for (let h = 0; h < H; h++) A[aRow + h] = b1[h]!;
    const xRow = b * D;
    for (let k = 0; k < D; k++) {
      const xv = X[xRow + k]!;
      const wRow = k * H;
      for (let h = 0; h < H; h++) A[aRow + h] = A[aRow + h]! + xv * W1[wRow + h]!;
    }
    for (let h = 0; h < H; h++) A[aRow + h] = Math.tanh(A[aRow + h]!);
  }
  return A;
}

/** Z = A W2 + b2, naive i-k-j matmul. */
function mlpLogits(params: MlpParams, A: Float64Array, d: MlpDims): Float64Array {
  const { batch: B, hidden: H, classes: C } = d;
  const { W2, b2 } = params;
  const Z = new Float64Array(B * C);
  for (let b = 0; b < B; b++) {
    const zRow = b * C;
    for (let c = 0; c < C; c++) Z[zRow + c] = b2[c]!;
    const aRow = b * H;
    for (let k = 0; k < H; k++) {
      const av = A[aRow + k]!;
      const wRow = k * C;
      for (let c = 0; c < C; c++) Z[zRow + c] = Z[zRow + c]! + av * W2[wRow + c]!;
    }
  }
  return Z;
}

/** Row max, so exp never overflows however large the logits get. */
function rowMax(Z: Float64Array, off: number, C: number): number {
  let m = -Infinity;
  for (let c = 0; c < C; c++) if (Z[off + c]! > m) m = Z[off + c]!;
  return m;
}

export function mlpLoss(params: MlpParams, X: Float64Array, y: Int32Array): number {
  const d = mlpDims(params, X, y);
  const { batch: B, classes: C } = d;
  const Z = mlpLogits(params, mlpHidden(params, X, d), d);
  let loss = 0;
  for (let b = 0; b < B; b++) {
    const off = b * C;
    const m = rowMax(Z, off, C);
    let s = 0;
    for (let c = 0; c < C; c++) s += Math.exp(Z[off + c]! - m);
    loss += m + Math.log(s) - Z[off + y[b]!]!;
  }
  return loss / B;
}

export interface MlpValueAndGrad {
  loss: number;
  grads: MlpParams;
}

/**
 * Backward pass derived by hand:
 *   dZ  = (softmax(Z) - onehot(y)) / B
 *   dW2 = A^T dZ,  db2 = colsum(dZ)
 *   dZ1 = (dZ W2^T) * (1 - A^2)
 *   dW1 = X^T dZ1, db1 = colsum(dZ1)
 * The backward sweep goes row by row so dZ1 only ever needs one row of storage.
 */
export function mlpValueAndGrad(params: MlpParams, X: Float64Array, y: Int32Array): MlpValueAndGrad {
  const d = mlpDims(params, X, y);
  const { batch: B, input: D, hidden: H, classes: C } = d;
  const { W2 } = params;
  const A = mlpHidden(params, X, d);
  const Z = mlpLogits(params, A, d);

  const gW1 = new Float64Array(D * H);
  const gb1 = new Float64Array(H);
  const gW2 = new Float64Array(H * C);
  const gb2 = new Float64Array(C);
  const dz = new Float64Array(C);
  const dz1 = new Float64Array(H);
  const invB = 1 / B;
  let loss = 0;

  for (let b = 0; b < B; b++) {
    const zOff = b * C;
    const m = rowMax(Z, zOff, C);
    let s = 0;
    for (let c = 0; c < C; c++) {
      const e = Math.exp(Z[zOff + c]! - m);
      dz[c] = e;
      s += e;
    }
    const label = y[b]!;
    loss += m + Math.log(s) - Z[zOff + label]!;
    const scale = invB / s;
    for (let c = 0; c < C; c++) dz[c] = dz[c]! * scale;
    dz[label] = dz[label]! - invB;
    for (let c = 0; c < C; c++) gb2[c] = gb2[c]! + dz[c]!;

    const aOff = b * H;
    for (let h = 0; h < H; h++) {
      const a = A[aOff + h]!;
      const wRow = h * C;
      let back = 0;
      for (let c = 0; c < C; c++) {
        const g = dz[c]!;
        gW2[wRow + c] = gW2[wRow + c]! + a * g;
        back += g * W2[wRow + c]!;
      }
      const g1 = back * (1 - a * a);
      dz1[h] = g1;
      gb1[h] = gb1[h]! + g1;
    }

    const xOff = b * D;
    for (let k = 0; k < D; k++) {
      const xv = X[xOff + k]!;
      const gRow = k * H;
      for (let h = 0; h < H; h++) gW1[gRow + h] = gW1[gRow + h]! + xv * dz1[h]!;
    }
  }

  return { loss: loss * invB, grads: { W1: gW1, b1: gb1, W2: gW2, b2: gb2 } };
}

/** Plain SGD step in place, i.e. a full training iteration; returns the pre-step loss. */
export function mlpSgdStep(params: MlpParams, X: Float64Array, y: Int32Array, lr: number): number {
  const { loss, grads } = mlpValueAndGrad(params, X, y);
  for (const key of ['W1', 'b1', 'W2', 'b2'] as const) {
    const p = params[key];
    const g = grads[key];
    for (let i = 0; i < p.length; i++) p[i] = p[i]! - lr * g[i]!;
  }
  return loss;
}

// ---------------------------------------------------------------------------
// W3: f(x) = tanh(A x), A [m x n]; J = diag(1 - tanh^2(A x)) A

export interface W3Data {
  /** [m x n] */
  A: Float64Array;
  /** [n] */
  x: Float64Array;
  m: number;
  n: number;
}

export function makeW3(n: number, m: number, seed = 3): W3Data {
  const normal = normalSampler(mulberry32(seed));
  // Scaled by 1/sqrt(n) so A x is O(1) for both the tall and the wide shape,
  // keeping tanh' away from 0 where every Jacobian would look alike.
  return {
    A: fillNormal(new Float64Array(m * n), normal, 1 / Math.sqrt(n)),
    x: fillNormal(new Float64Array(n), normal, 1),
    m,
    n,
  };
}

export function tanhAx(A: Float64Array, x: Float64Array, m: number, n: number, out: Float64Array = new Float64Array(m)): Float64Array {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += A[row + j]! * x[j]!;
    out[i] = Math.tanh(s);
  }
  return out;
}

/** Row i of J is row i of A times one scalar, so each row is a dot then a scale. */
export function tanhAxJacobian(
  A: Float64Array,
  x: Float64Array,
  m: number,
  n: number,
  out: Float64Array = new Float64Array(m * n),
): Float64Array {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    let s = 0;
    for (let j = 0; j < n; j++) s += A[row + j]! * x[j]!;
    const t = Math.tanh(s);
    const scale = 1 - t * t;
    for (let j = 0; j < n; j++) out[row + j] = scale * A[row + j]!;
  }
  return out;
}

// ---------------------------------------------------------------------------
// W4: scalar chain x_{k+1} = sin(x_k) * 1.0001 + cos(x_k) * x_k * 0.5 on plain numbers
//
// |x_{k+1}| <= 1.0001 + |x_k| / 2, so the iterate stays bounded for any N.

export function makeW4(seed = 4): number {
  return 0.5 + mulberry32(seed)();
}

export function chain(x0: number, N: number): number {
  let x = x0;
  for (let k = 0; k < N; k++) x = Math.sin(x) * 1.0001 + Math.cos(x) * x * 0.5;
  return x;
}

export interface ScalarValueAndGrad {
  value: number;
  grad: number;
}

/**
 * Reverse mode by hand: record x_k on a tape, then sweep backwards multiplying
 * the adjoint by dx_{k+1}/dx_k = cos(x) * 1.0001 - sin(x) * x * 0.5 + cos(x) * 0.5.
 * Pass `tape` (length >= N) to exclude allocation from a measurement.
 */
export function chainGradHandTape(x0: number, N: number, tape: Float64Array = new Float64Array(N)): ScalarValueAndGrad {
  let x = x0;
  for (let k = 0; k < N; k++) {
    tape[k] = x;
    x = Math.sin(x) * 1.0001 + Math.cos(x) * x * 0.5;
  }
  let adj = 1;
  for (let k = N - 1; k >= 0; k--) {
    const xk = tape[k]!;
    const c = Math.cos(xk);
    adj *= c * 1.0001 - Math.sin(xk) * xk * 0.5 + c * 0.5;
  }
  return { value: x, grad: adj };
}

/** Forward mode with a dual number kept in two locals, so nothing is allocated per step. */
export function chainDual(x0: number, N: number): ScalarValueAndGrad {
  let v = x0;
  let dv = 1;
  for (let k = 0; k < N; k++) {
    const s = Math.sin(v);
    const c = Math.cos(v);
    dv = (c * 1.0001 - s * v * 0.5 + c * 0.5) * dv;
    v = s * 1.0001 + c * v * 0.5;
  }
  return { value: v, grad: dv };
}

/**
 * The floor for any forward mode that creates one object per operation, as a library without
 * operator overloading must: dual numbers as small objects, one allocated per op, with the
 * derivative of each op written out. Same arithmetic as {@link chainDual}.
 */
class DualObject {
  constructor(readonly v: number, readonly d: number) {}
}

const dualSin = (x: DualObject) => new DualObject(Math.sin(x.v), Math.cos(x.v) * x.d);
const dualCos = (x: DualObject) => new DualObject(Math.cos(x.v), -Math.sin(x.v) * x.d);
const dualScale = (x: DualObject, c: number) => new DualObject(x.v * c, x.d * c);
const dualMul = (x: DualObject, y: DualObject) => new DualObject(x.v * y.v, x.d * y.v + x.v * y.d);
const dualAdd = (x: DualObject, y: DualObject) => new DualObject(x.v + y.v, x.d + y.d);

export function chainDualObjects(x0: number, N: number): ScalarValueAndGrad {
  let x = new DualObject(x0, 1);
  for (let k = 0; k < N; k++) x = dualAdd(dualScale(dualSin(x), 1.0001), dualScale(dualMul(dualCos(x), x), 0.5));
  return { value: x.v, grad: x.d };
}
