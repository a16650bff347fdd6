/**
 * Buffers for the results of tensor ops.
 *
 * Every `new Float64Array(n)` of more than 8 elements gets a backing store of its own from the
 * allocator, and that costs far more than a small op's arithmetic: 0.3 µs for 10 elements and
 * 0.8 µs for 100, against 30 to 100 ns for a view of a buffer that is already there (measured
 * with Node 20). Small results are therefore views into shared slabs, as Node does for small
 * Buffers: each slab is a fresh, zero-filled ArrayBuffer, cut into consecutive views and never
 * reused, so a view is as private and as zeroed as a buffer of its own. A slab is freed when
 * the last tensor viewing it is. Larger results get buffers of their own.
 *
 * The one visible difference: a small tensor's `data.buffer` may hold other tensors' values
 * too. Copy the values (`t.data.slice()`) before transferring their buffer to a worker.
 * @module
 */

import { uninitializedFloat64 } from "./uninitialized.ts";
import { beforeLargeAllocation } from "./heap-threshold.ts";

/** Results of at most this many elements (1 KiB) are views into a slab. */
export const SLAB_MAX_ELEMENTS = 128;
/**
 * Elements per slab (8 KiB, the size of Node's Buffer pool): a small tensor that is kept keeps
 * at most this much memory alive. Larger slabs allocate less often but would let a program that
 * keeps one small result per step, out of many made, hold many times the memory it uses.
 */
const SLAB_ELEMENTS = 1024;

let slab = new ArrayBuffer(0);
/** Next free element of `slab`. */
let next = SLAB_ELEMENTS;

/** A zero-filled buffer of `size` doubles for an op's result (a slab view when small). */
export function resultBuffer(size: number): Float64Array {
  if (size > SLAB_MAX_ELEMENTS || size <= 8) {
    // Up to 8 doubles V8 keeps the values inside the array object, which is cheaper still.
    beforeLargeAllocation(size * Float64Array.BYTES_PER_ELEMENT);
    return new Float64Array(size);
  }
  if (next + size > SLAB_ELEMENTS) {
    slab = new ArrayBuffer(SLAB_ELEMENTS * Float64Array.BYTES_PER_ELEMENT);
    next = 0;
  }
  const view = new Float64Array(slab, next * Float64Array.BYTES_PER_ELEMENT, size);
  next += size;
  return view;
}

/**
 * {@link resultBuffer} for a caller that writes every element before any is read: above the
 * slab size its contents are arbitrary, which saves zero-filling it (see uninitialized.ts).
 */
export function writtenResultBuffer(size: number): Float64Array {
  return size > SLAB_MAX_ELEMENTS ? uninitializedFloat64(size) : resultBuffer(size);
}
