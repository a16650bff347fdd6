/**
 * The WebAssembly SIMD matmul kernel (tensor/simd-gemm.ts) is invisible: for every layout and
 * size it gives the same bits as the JS kernel, and switching it off changes nothing but speed.
 */
import test from "ava";
import { matmul, setCodeGeneration, tensor, transpose, type Tensor } from "../../lib/index.ts";
import { SIMD_MIN_WORK, setSimdKernels, simdKernelsEnabled } from "../../lib/tensor/simd-gemm.ts";
import { seededRandom } from "../../lib/tensor/seeded-random.ts";

const random = seededRandom(20261123);
function matrix(rows: number, cols: number, batch: number[] = []): Tensor {
  const size = [...batch, rows, cols].reduce((a, b) => a * b, 1);
  // Special values too: signed zeros, tiny and huge magnitudes.
  const special = [0, -0, 1e-300, -1e300, 5e-324];
  return tensor(Float64Array.from({ length: size }, (_, i) => (i % 97 === 5 ? special[i % special.length]! : random() * 4 - 2)), [...batch, rows, cols]);
}

function bitsEqual(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function withSimd<T>(on: boolean, body: () => T): T {
  setSimdKernels(on);
  try {
    return body();
  } finally {
    setSimdKernels(true);
  }
}

const shapes: [number, number, number][] = [
  [128, 784, 256], // the benchmark's first layer
  [64, 64, 64],
  [33, 130, 65], // edges in both n and m
  [257, 129, 131],
  [4, 2048, 4],
  [100, 50, 7], // m below 4 after the tiles
  [7, 300, 100], // n below 4 after the tiles
  [64, 1, 512], // k = 1
];

for (const [n, k, m] of shapes) {
  test(`matmul [${n} x ${k}] x [${k} x ${m}]: SIMD and JS kernels agree bit for bit, in every layout`, (t) => {
    if (n * m * k >= SIMD_MIN_WORK) t.log("large enough for the SIMD kernel");
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = ta ? transpose(matrix(k, n)) : matrix(n, k);
      const b = tb ? transpose(matrix(m, k)) : matrix(k, m);
      const simd = withSimd(true, () => (matmul(a, b) as Tensor).data);
      const js = withSimd(false, () => (matmul(a, b) as Tensor).data);
      t.true(bitsEqual(simd, js), `transposed A: ${ta}, transposed B: ${tb}`);
    }
  });
}

test("batched products agree bit for bit", (t) => {
  const a = matrix(40, 96, [3]);
  const b = matrix(96, 36, [3]);
  t.true(bitsEqual(withSimd(true, () => (matmul(a, b) as Tensor).data), withSimd(false, () => (matmul(a, b) as Tensor).data)));
});

test("the SIMD kernel's sums are in the textbook order (checked against a plain triple loop)", (t) => {
  const [n, k, m] = [36, 200, 44];
  const a = matrix(n, k);
  const b = matrix(k, m);
  const got = (matmul(a, b) as Tensor).data;
  const want = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a.data[i * k + p]! * b.data[p * m + j]!;
      want[i * m + j] = s;
    }
  }
  t.true(bitsEqual(got, want));
});

test("setCodeGeneration(false) also keeps matrix products in JS, with the same results", (t) => {
  const a = matrix(64, 128);
  const b = matrix(128, 64);
  const before = (matmul(a, b) as Tensor).data;
  setCodeGeneration(false);
  try {
    t.false(simdKernelsEnabled());
    t.true(bitsEqual((matmul(a, b) as Tensor).data, before));
  } finally {
    setCodeGeneration(true);
  }
  t.true(simdKernelsEnabled());
});
