// Newline-delimited JSON frames. node-ipc's own framing JSON.parses inside its socket handler
// (a garbage frame would throw out of a 'data' listener and kill the process) and buffers without
// bound, so every moult socket runs node-ipc in raw mode with this codec instead.

import { MAX_FRAME_BYTES } from './limits';

export { MAX_FRAME_BYTES };

export type FrameProblem =
  | { kind: 'malformed'; detail: string; sample: string }
  | { kind: 'oversized'; bytes: number; limit: number }
  /** The connections of one server together hold `limit` bytes of unfinished frames already. */
  | { kind: 'over-budget'; bytes: number; limit: number };

/**
 * Bytes of unfinished frames that every connection of one server may hold together (audit row
 * 3.6: each may hold a whole frame, and 40 of them ran the daemon out of memory).
 */
export class PendingBudget {
  used = 0;
  /** `onDrop(bytes)`: a frame of that size was let go of (unfinished: its peer left or went past a limit; or decoded and handed on). */
  constructor(readonly max: number, readonly onDrop: (bytes: number) => void = () => {}) {}
}

export function encodeFrame(message: unknown): string {
  return JSON.stringify(message) + '\n';
}


/** Splits a byte stream into JSON values; bad frames are reported, never thrown. */
export class FrameDecoder {
  /**
   * Bytes received since the last newline, as the chunks that came: only new chunks are scanned
   * (linear time), and kept as bytes, outside the JavaScript heap, so that memory let go of is
   * returned rather than left in a grown heap (audit row 3.6).
   */
  private pending: string[] = [];
  private pendingBytes = 0;
  private discarding = false;

  constructor(
    private readonly onFrame: (value: unknown) => void,
    private readonly onProblem: (problem: FrameProblem) => void,
    /** The largest frame taken; changed by limit() (a peer that has not authenticated gets less). */
    private maxBytes = MAX_FRAME_BYTES,
    private readonly budget: PendingBudget | null = null,
  ) {}

  limit(maxBytes: number): void {
    this.maxBytes = maxBytes;
  }

  /** Lets go of the pending bytes (`unused`: not decoded) and gives them back to the budget. */
  private drop(unused = true): void {
    if (this.budget) {
      this.budget.used -= this.pendingBytes;
      if (unused && this.pendingBytes > 0) this.budget.onDrop(this.pendingBytes);
    }
    this.pending = [];
    this.pendingBytes = 0;
  }

  push(data: Buffer | string): void {
    const chunk = typeof data === 'string' ? data : data.toString('utf8');
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline !== -1) {
      if (this.discarding) this.discarding = false; // the tail of an oversized frame ends here
      else {
        this.pending.push(chunk.slice(start, newline));
        const line = this.pending.join('');
        this.drop(false);
        this.decodeLine(line);
        // What a large frame took to parse is garbage once it is handled: given back as a dropped
        // frame is (audit re-run N6: 8 frames of 12 MiB with a million keys left 58 → 558 MB).
        this.budget?.onDrop(line.length);
      }
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (this.discarding || start === chunk.length) return;
    const rest = chunk.slice(start);
    const bytes = Buffer.byteLength(rest);
    const total = this.pendingBytes + bytes;
    if (total > this.maxBytes || (this.budget && this.budget.used + bytes > this.budget.max)) {
      const problem: FrameProblem = total > this.maxBytes
        ? { kind: 'oversized', bytes: total, limit: this.maxBytes }
        : { kind: 'over-budget', bytes: total, limit: this.budget!.max };
      this.drop();
      this.discarding = true;
      this.onProblem(problem);
      return;
    }
    this.pending.push(rest);
    this.pendingBytes = total;
    if (this.budget) this.budget.used += bytes;
  }

  /** The peer closed: a partial frame left over is reported, not silently dropped. */
  end(): void {
    if (this.pendingBytes > 0 && !this.discarding) {
      // Only the start of it: the sample is all a report needs, and a 16 MiB join is not free.
      const text = this.pending[0]!.slice(0, 80);
      if (text.trim()) this.onProblem({ kind: 'malformed', detail: 'truncated frame (connection closed before its newline)', sample: text });
    }
    this.drop();
    this.discarding = false;
  }

  private decodeLine(line: string): void {
    if (!line.trim()) return;
    if (Buffer.byteLength(line) > this.maxBytes) {
      this.onProblem({ kind: 'oversized', bytes: Buffer.byteLength(line), limit: this.maxBytes });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      this.onProblem({ kind: 'malformed', detail: (err as Error).message, sample: line.slice(0, 80) });
      return;
    }
    this.onFrame(value);
  }
}
