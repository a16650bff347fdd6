/**
 * Keeping large result buffers out of page faults on Linux (glibc).
 *
 * glibc's malloc serves a request above its *mmap threshold* (128 KiB at start) with fresh pages
 * from the kernel and returns them when the block is freed; below it, from its heap, which it
 * shrinks once more than twice the threshold lies free at the top. Either way a program that
 * makes one large result per step (a gradient, updated parameters) gets fresh pages again and
 * again, and the first write to each 4 KiB page is a page fault: on the benchmark's machine a
 * million-element gradient took 800 to 2,000 faults and 10 to 20 ms per call instead of 2.5 ms.
 * The engine frees array buffers in batches (there, five such gradients at a time), more than
 * the heap keeps, so the heap shrank after every batch and grew again for the next.
 *
 * glibc adapts the threshold itself (mallopt(3), "dynamic mmap threshold"): when a block it
 * mapped is freed, the threshold rises to that block's size, up to 32 MiB, and the heap keeps up
 * to twice that free. This module makes that happen once, on purpose, the first time the
 * library allocates a buffer above the initial threshold: it allocates a block just under 32 MiB
 * and drops it (never written, so it never takes physical memory). When the engine frees it, at
 * its next garbage collection, blocks of up to 32 MiB come from the heap, and up to 64 MiB of
 * freed memory stays there for the next step instead of going back to the kernel. Measured with
 * Node 20: the Rosenbrock gradient on a million elements went from about 1,400 page faults and
 * 23 ms per call to about 20 faults and 2.6 ms.
 *
 * Where it does nothing: outside Node (no Buffer), on other systems, and with an explicit
 * `GLIBC_TUNABLES=glibc.malloc.mmap_threshold=...` (glibc then keeps the threshold it was given).
 * The cost is the one allocation, and a process whose memory stays up to 64 MiB above what it
 * uses at the moment, which is what glibc does anyway for a program that frees a 32 MiB block.
 * @module
 */

/** Node's Buffer, as far as this library uses it: allocation without zero-filling. */
export interface UnzeroedAllocator {
  allocUnsafeSlow(bytes: number): Uint8Array;
}

/** The initial mmap threshold: allocations from this size on can trigger the faults above. */
export const LARGE_ALLOCATION_BYTES = 128 * 1024;

/**
 * Just under glibc's largest dynamic threshold (32 MiB on 64-bit systems), so that freeing it
 * raises the threshold: glibc compares the block's size field, flag bits included, with the
 * limit, so a block of exactly 32 MiB would not count.
 */
const RAISING_BLOCK_BYTES = 32 * 1024 * 1024 - 2 * 4096;

let raised = false;

/**
 * Called before allocating a buffer of `bytes`; the first time that is large, raises glibc's
 * mmap threshold as described in the module comment.
 */
export function beforeLargeAllocation(bytes: number): void {
  if (raised || bytes < LARGE_ALLOCATION_BYTES) return;
  raised = true;
  const host = globalThis as { Buffer?: UnzeroedAllocator; process?: { platform?: string } };
  if (host.process?.platform !== "linux" || typeof host.Buffer?.allocUnsafeSlow !== "function") return;
  try {
    // Allocated with malloc above the threshold, hence mapped; dropped at once, freed by the engine.
    host.Buffer.allocUnsafeSlow(RAISING_BLOCK_BYTES);
  } catch {
    // Where 32 MiB of address space cannot be had (a tight memory limit), the threshold stays as
    // it is: this is an optimisation, never a reason for the caller's allocation to fail.
  }
}

/** Whether the threshold has been raised (or found not to matter here). For tests. */
export function heapThresholdRaised(): boolean {
  return raised;
}
