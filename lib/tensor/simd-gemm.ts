/**
 * The bulk of a matrix product on WebAssembly SIMD (two float64 lanes per instruction).
 *
 * JavaScript has no vector arithmetic, so the JS kernel (matmul.ts) does one multiply and one add
 * per instruction. Here a 4 x 4 tile of C is eight 2-lane accumulators: each step over p loads a
 * packed column of 4 values of op(A) (each splatted to both lanes) and a packed row of 4 values
 * of op(B), and does 8 vector multiplies and 8 vector adds, half the instructions of the JS tile.
 *
 * Same bits as the JS kernel: every element is still `((0 + a0 b0) + a1 b1) + ...` in
 * increasing p, one IEEE multiply and one IEEE add per term (WebAssembly has no fused
 * multiply-add), so which kernel ran is invisible.
 *
 * The module is a few hundred bytes written out below (no build step, no binary file in the
 * repository). Its memory holds the packed operands (at most {@link SIMD_MAX_BYTES}) and is freed
 * when the kernel has been idle for a second. It is compiled on first use; where WebAssembly or its SIMD extension is missing,
 * or a Content-Security-Policy forbids compiling it, or {@link setSimdKernels} turned it off,
 * {@link simdTiles} returns false and the JS kernel runs.
 * @module
 */

/** Products smaller than this (n x m x k of the tiled block) stay in JS: packing would dominate. */
export const SIMD_MIN_WORK = 1 << 15;
/** Most memory (bytes) the kernel's WebAssembly memory may grow to; larger products stay in JS. */
export const SIMD_MAX_BYTES = 64 * 1024 * 1024;

interface Kernel {
  /** The 4 x 4 tile at byte offset c (row stride ldc bytes) from packed panels at a and b, k steps. */
  tile(a: number, b: number, c: number, k: number, ldc: number): void;
  memory: WebAssembly.Memory;
}

/** The compiled module (null where it cannot be compiled), kept for the life of the program. */
let compiled: WebAssembly.Module | null | undefined;
/** The instance, with its memory; dropped when idle (see releaseWhenIdle). */
let kernel: Kernel | null = null;
let enabled = true;
/** An instance unused this long is dropped, so its memory (which cannot shrink) is freed. */
const IDLE_MS = 1000;
let usedSinceCheck = false;
let idleTimer: ReturnType<typeof setTimeout> | null = null;

/** Turns the WebAssembly kernel on or off (on by default); off, matrix products run in JS. */
export function setSimdKernels(on: boolean): void {
  enabled = on;
}

/** Whether matrix products may use the WebAssembly kernel (see {@link setSimdKernels}). */
export function simdKernelsEnabled(): boolean {
  return enabled;
}

/**
 * Computes the top-left `n4 x m4` block of `C = op(A) op(B)` (both multiples of 4) into the
 * row-major C at `cOff` with row stride `m`, with the strides of matmul.ts's gemm. Returns false,
 * having written nothing, when the WebAssembly kernel is unavailable or the product is too small
 * or too large for it.
 */
export function simdTiles(
  A: Float64Array, aOff: number, ars: number, acs: number,
  B: Float64Array, bOff: number, brs: number, bcs: number,
  C: Float64Array, cOff: number, n4: number, k: number, m4: number, m: number,
): boolean {
  if (!enabled || k === 0 || n4 * m4 * k < SIMD_MIN_WORK) return false;
  const doubles = n4 * k + k * m4 + n4 * m4;
  if (8 * doubles > SIMD_MAX_BYTES) return false;
  const K = kernelOrNull();
  if (K === null || !fits(K.memory, 8 * doubles)) return false;
  const mem = new Float64Array(K.memory.buffer);
  // Layout (in doubles): packed op(A) panels, packed op(B) panels, then C's block.
  const ap = 0;
  const bp = n4 * k;
  const cw = bp + k * m4;
  // op(A) in panels of 4 rows: panel i, step p holds rows i..i+3 at column p.
  for (let i = 0, q = ap; i < n4; i += 4) {
    for (let p = 0, a = aOff + i * ars; p < k; p++, a += acs, q += 4) {
      mem[q] = A[a]!;
      mem[q + 1] = A[a + ars]!;
      mem[q + 2] = A[a + 2 * ars]!;
      mem[q + 3] = A[a + 3 * ars]!;
    }
  }
  // op(B) in panels of 4 columns: panel j, step p holds row p at columns j..j+3.
  for (let j = 0, q = bp; j < m4; j += 4) {
    for (let p = 0, b = bOff + j * bcs; p < k; p++, b += brs, q += 4) {
      mem[q] = B[b]!;
      mem[q + 1] = B[b + bcs]!;
      mem[q + 2] = B[b + 2 * bcs]!;
      mem[q + 3] = B[b + 3 * bcs]!;
    }
  }
  // A column of tiles per B panel, so the panel stays in the nearest cache while A streams by.
  for (let j = 0; j < m4; j += 4) {
    for (let i = 0; i < n4; i += 4) K.tile(8 * (ap + i * k), 8 * (bp + j * k), 8 * (cw + i * m4 + j), k, 8 * m4);
  }
  for (let i = 0; i < n4; i++) C.set(mem.subarray(cw + i * m4, cw + (i + 1) * m4), cOff + i * m);
  return true;
}

/** Grows the memory to at least `bytes`; false if it cannot. */
function fits(memory: WebAssembly.Memory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (have >= bytes) return true;
  try {
    memory.grow(Math.ceil((bytes - have) / 65536));
    return true;
  } catch {
    return false;
  }
}

function kernelOrNull(): Kernel | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(moduleBytes());
    } catch {
      compiled = null; // no WebAssembly, no SIMD, or compiling it is not allowed here
    }
  }
  if (compiled === null) return null;
  try {
    kernel ??= new WebAssembly.Instance(compiled).exports as unknown as Kernel;
  } catch {
    return null; // e.g. no memory for a new instance: the JS kernel runs instead
  }
  usedSinceCheck = true;
  if (idleTimer === null) releaseWhenIdle();
  return kernel;
}

/**
 * A WebAssembly memory only grows. Once the kernel has gone unused for {@link IDLE_MS}, the
 * instance is dropped so the garbage collector frees its memory; the next product makes a new
 * one from the compiled module (cheap).
 */
function releaseWhenIdle(): void {
  usedSinceCheck = false;
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (usedSinceCheck) releaseWhenIdle();
    else kernel = null;
  }, IDLE_MS);
  (idleTimer as { unref?: () => void }).unref?.(); // must not keep a Node process alive
}

// ---------------------------------------------------------------------------------------------
// The module, written out. Opcodes from the WebAssembly core and SIMD specifications.

const I32 = 0x7f;
const V128 = 0x7b;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I32_EQZ = 0x45;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const BLOCK = 0x02;
const LOOP = 0x03;
const BR_IF = 0x0d;
const END = 0x0b;
const EMPTY = 0x40;
const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00];
const V128_LOAD64_SPLAT = [SIMD, 0x0a];
const V128_STORE = [SIMD, 0x0b];
const F64X2_ADD = [SIMD, 0xf0, 0x01];
const F64X2_MUL = [SIMD, 0xf2, 0x01];

/** Unsigned LEB128. */
function u32(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** A memory access's alignment hint (2^3 = 8 bytes) and constant offset. */
const memarg = (offset: number): number[] => [3, ...u32(offset)];
const section = (id: number, body: number[]): number[] => [id, ...u32(body.length), ...body];
const vec = (items: number[][]): number[] => [...u32(items.length), ...items.flat()];
const name = (s: string): number[] => [...u32(s.length), ...Array.from(s, (ch) => ch.charCodeAt(0))];

/** `tile(a, b, c, k, ldc)`: params 0-4; locals 5-12 the accumulators, 13-14 the B row, 15 the splatted A value. */
function tileBody(): number[] {
  const [a, b, c, k, ldc, acc, b0, b1, x] = [0, 1, 2, 3, 4, 5, 13, 14, 15];
  const step: number[] = [LOCAL_GET, b, ...V128_LOAD, ...memarg(0), LOCAL_SET, b0, LOCAL_GET, b, ...V128_LOAD, ...memarg(16), LOCAL_SET, b1];
  for (let r = 0; r < 4; r++) {
    step.push(LOCAL_GET, a, ...V128_LOAD64_SPLAT, ...memarg(8 * r), LOCAL_SET, x);
    for (const [half, bv] of [[0, b0], [1, b1]] as const) {
      const accumulator = acc + 2 * r + half;
      step.push(LOCAL_GET, accumulator, LOCAL_GET, x, LOCAL_GET, bv, ...F64X2_MUL, ...F64X2_ADD, LOCAL_SET, accumulator);
    }
  }
  step.push(LOCAL_GET, a, I32_CONST, 32, I32_ADD, LOCAL_SET, a);
  step.push(LOCAL_GET, b, I32_CONST, 32, I32_ADD, LOCAL_SET, b);
  step.push(LOCAL_GET, k, I32_CONST, 1, I32_SUB, LOCAL_TEE, k, BR_IF, 0);
  const body: number[] = [BLOCK, EMPTY, LOCAL_GET, k, I32_EQZ, BR_IF, 0, LOOP, EMPTY, ...step, END, END];
  for (let r = 0; r < 4; r++) {
    body.push(LOCAL_GET, c, LOCAL_GET, acc + 2 * r, ...V128_STORE, ...memarg(0));
    body.push(LOCAL_GET, c, LOCAL_GET, acc + 2 * r + 1, ...V128_STORE, ...memarg(16));
    body.push(LOCAL_GET, c, LOCAL_GET, ldc, I32_ADD, LOCAL_SET, c);
  }
  body.push(END);
  const locals = vec([[11, V128]]);
  return [...u32(locals.length + body.length), ...locals, ...body];
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([[0x60, ...vec([[I32], [I32], [I32], [I32], [I32]]), 0x00]])), // type: (i32 x5) -> ()
    ...section(3, vec([[0]])), // function 0 has type 0
    ...section(5, vec([[0x00, 1]])), // one memory, at least 1 page
    ...section(7, vec([[...name("tile"), 0x00, 0], [...name("memory"), 0x02, 0]])),
    ...section(10, vec([tileBody()])),
  ];
  return new Uint8Array(bytes);
}
