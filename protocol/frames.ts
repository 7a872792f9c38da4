// Newline-delimited JSON frames. node-ipc's own framing JSON.parses inside its socket handler
// (a garbage frame would throw out of a 'data' listener and kill the process) and buffers without
// bound, so every moult socket runs node-ipc in raw mode with this codec instead.

export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

export type FrameProblem =
  | { kind: 'malformed'; detail: string; sample: string }
  | { kind: 'oversized'; bytes: number };

export function encodeFrame(message: unknown): string {
  return JSON.stringify(message) + '\n';
}

/** Splits a byte stream into JSON values; bad frames are reported, never thrown. */
export class FrameDecoder {
  private pending = '';
  private discarding = false;

  constructor(
    private readonly onFrame: (value: unknown) => void,
    private readonly onProblem: (problem: FrameProblem) => void,
    private readonly maxBytes = MAX_FRAME_BYTES,
  ) {}

  push(chunk: string): void {
    let text = this.pending + chunk;
    this.pending = '';
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const line = text.slice(0, newline);
      text = text.slice(newline + 1);
      if (this.discarding) this.discarding = false; // the tail of an oversized frame ends here
      else this.decodeLine(line);
      newline = text.indexOf('\n');
    }
    if (this.discarding) return;
    if (Buffer.byteLength(text) > this.maxBytes) {
      this.onProblem({ kind: 'oversized', bytes: Buffer.byteLength(text) });
      this.discarding = true;
      return;
    }
    this.pending = text;
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
