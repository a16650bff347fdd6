/**
 * Buffers for values that are about to be written in full.
 *
 * `new Float64Array(n)` promises zeros: for a large buffer the memory comes fresh from the
 * operating system, which zeroes every page as it is first written, and those page faults cost
 * about a third of a millisecond per million elements, as much as a pass of arithmetic. A
 * buffer that a loop will overwrite from its first element to its last needs no zeros. Where
 * the platform offers memory without them (Node's `Buffer.allocUnsafeSlow`, which reuses freed
 * memory), this takes it; elsewhere it is the ordinary zeroed buffer. Whoever takes one must
 * write every element before anyone reads it: the old contents are arbitrary bytes.
 * @module
 */
import { beforeLargeAllocation, type UnzeroedAllocator } from "./heap-threshold.ts";

const allocator = (globalThis as { Buffer?: UnzeroedAllocator }).Buffer;

/**
 * A buffer of `size` doubles with arbitrary contents (zeros where the platform has no other
 * kind), for a caller that writes every element before any is read.
 */
export function uninitializedFloat64(size: number): Float64Array {
  beforeLargeAllocation(size * Float64Array.BYTES_PER_ELEMENT);
  if (allocator === undefined || typeof allocator.allocUnsafeSlow !== "function") return new Float64Array(size);
  const bytes = allocator.allocUnsafeSlow(size * Float64Array.BYTES_PER_ELEMENT);
  // A buffer of its own starts at byte 0; anything else could not be viewed as doubles.
  if (bytes.byteOffset % Float64Array.BYTES_PER_ELEMENT !== 0) return new Float64Array(size);
  return new Float64Array(bytes.buffer, bytes.byteOffset, size);
}
