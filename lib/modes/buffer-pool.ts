/**
 * Reuse of the fixed-size buffers behind reverse mode's tape chunks and cotangent chunks.
 *
 * Differentiating scalar code records hundreds of thousands of nodes: a grad of 600,000 ops fills
 * about 300 tape chunks (22 MB) and 300 cotangent chunks. Allocated fresh on every call, their
 * backing stores are zero-filled each time and, since they outlive a few young-generation
 * collections, pile up in the old generation until a full collection frees them (one every few
 * calls, measured). A tape that is known to be finished (grad and jacobian drop their recording
 * before returning) hands its buffers back here, and the next tape takes them.
 *
 * Bounded: at most {@link MAX_KEPT_BYTES} are kept, and everything kept is released once the
 * pool has gone unused for {@link IDLE_MS}, so a program that differentiated something large
 * once does not hold the memory forever.
 * @module
 */

/** The most memory the pool keeps for reuse. */
export const MAX_KEPT_BYTES = 48 * 1024 * 1024;
/** The pool releases what it keeps after this long without use. */
export const IDLE_MS = 1000;

export class BufferPool {
  private readonly spare: ArrayBuffer[] = [];
  private usedSinceCheck = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** @param bytes the size of every buffer of this pool. */
  constructor(readonly bytes: number) {}

  /** A buffer of {@link bytes} bytes: a kept one if there is one (its contents are left over), else a new one. */
  take(): ArrayBuffer {
    this.usedSinceCheck = true;
    return this.spare.pop() ?? new ArrayBuffer(this.bytes);
  }

  /** Gives a buffer back for reuse. The caller must not use it (or any view of it) afterwards. */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength !== this.bytes || (this.spare.length + 1) * this.bytes > MAX_KEPT_BYTES) return;
    this.spare.push(buffer);
    this.usedSinceCheck = true;
    if (this.timer === null) this.armTimer();
  }

  /** How many buffers are kept right now (for tests). */
  get kept(): number {
    return this.spare.length;
  }

  /** Drops every kept buffer. */
  clear(): void {
    this.spare.length = 0;
  }

  // One timer while anything is kept, not one per call: each tick either sees recent use and
  // waits again, or finds the pool idle and releases it.
  private armTimer(): void {
    this.usedSinceCheck = false;
    const timer = setTimeout(() => {
      this.timer = null;
      if (this.usedSinceCheck) this.armTimer();
      else this.clear();
    }, IDLE_MS);
    // In Node, a pending timer would keep the process alive; this one must not.
    (timer as { unref?: () => void }).unref?.();
    this.timer = timer;
  }
}
