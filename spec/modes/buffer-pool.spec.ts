/**
 * Reverse mode reuses tape and cotangent buffers between calls (modes/buffer-pool.ts). Reuse must
 * never be visible: a recording still in use (a vjp pullback) keeps its own buffers, results are
 * identical call after call, and the pool lets go of its memory when idle.
 */
import test from "ava";
import { grad, jacrev, valueAndGrad, vjp, type Value } from "../../lib/index.ts";
import { BufferPool, IDLE_MS, MAX_KEPT_BYTES } from "../../lib/modes/buffer-pool.ts";
import { chainOf } from "../fixtures/scalar-chain.ts";

/** Long enough to fill many full tape chunks (each 2,048 nodes). */
const longChain = chainOf(5000);
const mixed = (x: Value): Value => longChain(chainOf(3)(x));

test("repeated gradients through reused buffers are bit-identical", (t) => {
  const first = [0.3, 0.9, 1.7].map((x) => grad(mixed)(x));
  for (let round = 0; round < 3; round++) t.deepEqual([0.3, 0.9, 1.7].map((x) => grad(mixed)(x)), first);
});

test("a pullback kept across later gradients still reads its own recording", (t) => {
  const [y, pullback] = vjp(mixed, 0.8);
  const before = pullback(1);
  // Other recordings come and go, reusing whatever buffers were handed back meanwhile.
  for (let i = 0; i < 5; i++) valueAndGrad(mixed)(0.1 * i);
  jacrev(longChain)(0.4);
  t.deepEqual(pullback(1), before);
  t.is(y, mixed(0.8));
});

test("the pool hands out buffers of its size, keeps a bounded amount, and reuses what it got back", (t) => {
  const pool = new BufferPool(1024);
  const a = pool.take();
  t.is(a.byteLength, 1024);
  pool.give(a);
  t.is(pool.kept, 1);
  t.is(pool.take(), a, "the buffer given back is the next one taken");
  pool.give(new ArrayBuffer(512));
  t.is(pool.kept, 0, "a buffer of another size is not kept");
  const big = new BufferPool(MAX_KEPT_BYTES / 2);
  big.give(new ArrayBuffer(MAX_KEPT_BYTES / 2));
  big.give(new ArrayBuffer(MAX_KEPT_BYTES / 2));
  big.give(new ArrayBuffer(MAX_KEPT_BYTES / 2));
  t.is(big.kept, 2, "no more than MAX_KEPT_BYTES are kept");
  big.clear();
});

test("an idle pool releases what it keeps", async (t) => {
  const pool = new BufferPool(256);
  pool.give(new ArrayBuffer(256));
  t.is(pool.kept, 1);
  await new Promise((resolve) => setTimeout(resolve, IDLE_MS * 2.5));
  t.is(pool.kept, 0);
});
