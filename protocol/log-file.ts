// Reading the structured log (logs/moultd.log, JSON lines) from its end: the daemon after a
// restart and `moult monit` only need its latest lines, and the file may be large.
import fs from 'node:fs';

/** The last `maxBytes` of the file as text ('' if it cannot be read); its first line may be partial. */
export function readLogTail(file: string, maxBytes: number): string {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const start = Math.max(0, size - maxBytes);
      const buf = Buffer.alloc(size - start);
      fs.readSync(fd, buf, 0, buf.length, start);
      return buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return '';
  }
}
