// Newline-delimited JSON frames. node-ipc's own framing JSON.parses inside its socket handler
// (a garbage frame would throw out of a 'data' listener and kill the process) and buffers without
// bound, so every moult socket runs node-ipc in raw mode with this codec instead.

import { MAX_FRAME_BYTES } from './limits';

export { MAX_FRAME_BYTES };

export type FrameProblem =
  | { kind: 'malformed'; detail: string; sample: string }
  | { kind: 'oversized'; bytes: number };

export function encodeFrame(message: unknown): string {
  return JSON.stringify(message) + '\n';
}

/** Splits a byte stream into JSON values; bad frames are reported, never thrown. */
export class FrameDecoder {
  /** Text received since the last newline, as chunks: only new chunks are scanned (linear time). */
  private pending: string[] = [];
  private pendingBytes = 0;
  private discarding = false;

  constructor(
    private readonly onFrame: (value: unknown) => void,
    private readonly onProblem: (problem: FrameProblem) => void,
    private readonly maxBytes = MAX_FRAME_BYTES,
  ) {}

  push(chunk: string): void {
    let start = 0;
    let newline = chunk.indexOf('\n');
    while (newline !== -1) {
      const piece = chunk.slice(start, newline);
      if (this.discarding) this.discarding = false; // the tail of an oversized frame ends here
      else {
        this.pending.push(piece);
        this.decodeLine(this.pending.join(''));
      }
      this.pending = [];
      this.pendingBytes = 0;
      start = newline + 1;
      newline = chunk.indexOf('\n', start);
    }
    if (this.discarding || start === chunk.length) return;
    const rest = chunk.slice(start);
    this.pending.push(rest);
    this.pendingBytes += Buffer.byteLength(rest);
    if (this.pendingBytes > this.maxBytes) {
      this.onProblem({ kind: 'oversized', bytes: this.pendingBytes });
      this.pending = [];
      this.pendingBytes = 0;
      this.discarding = true;
    }
  }

  /** The peer closed: a partial frame left over is reported, not silently dropped. */
  end(): void {
    if (this.pendingBytes > 0 && !this.discarding) {
      const text = this.pending.join('');
      if (text.trim()) this.onProblem({ kind: 'malformed', detail: 'truncated frame (connection closed before its newline)', sample: text.slice(0, 80) });
    }
    this.pending = [];
    this.pendingBytes = 0;
    this.discarding = false;
  }

  private decodeLine(line: string): void {
    if (!line.trim()) return;
    if (Buffer.byteLength(line) > this.maxBytes) {
      this.onProblem({ kind: 'oversized', bytes: Buffer.byteLength(line) });
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
