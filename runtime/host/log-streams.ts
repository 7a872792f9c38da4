// The app's own output, as the daemon set it up (stdout and stderr straight to log files): opened
// again at their paths after a rotation, and each line prefixed with a timestamp (pm2's
// log_date_format / time). Everything here is best effort: a failure leaves the stream as it was
// and never throws into the app.
import fs from 'node:fs';
import { openOwnedAppend } from '../../protocol/owned-file';
import { emit } from '../core/events';

/** What process.stdout is when fd 1 is a file (Node's SyncWriteStream): it writes to `fd`. */
interface FileStream {
  fd: number;
}

const isFileStream = (s: unknown): s is FileStream => {
  const fd = (s as { fd?: unknown }).fd;
  if (typeof fd !== 'number' || s?.constructor?.name !== 'SyncWriteStream') return false;
  try {
    return fs.fstatSync(fd).isFile();
  } catch {
    return false;
  }
};

/**
 * Points stdout and stderr at fresh files at these paths (the old ones were renamed). fds 1 and 2
 * stay open on the renamed files: raw writes to them (a child with inherited stdio) land there.
 */
export function reopenStdio(outPath: string, errPath: string): void {
  const opened = new Map<string, number>();
  const old = new Set<number>();
  for (const [stream, file] of [[process.stdout as unknown, outPath], [process.stderr as unknown, errPath]] as const) {
    if (!isFileStream(stream)) continue;
    try {
      let fd = opened.get(file);
      if (fd === undefined) {
        // Never through a symlink nor into another user's file (protocol/owned-file.ts): what is
        // found there instead is moved aside, reported, and a new file made.
        fd = openOwnedAppend(file, (msg) => emit('runtime.warning', `log file: ${msg}`, { file }, 'warn'));
        opened.set(file, fd);
      }
      old.add(stream.fd);
      stream.fd = fd;
    } catch (err) {
      // Keeps writing to the renamed file (nothing lost), and says so: rotation no longer bounds it.
      emit('runtime.warning', `log file: ${file} could not be opened again after its rotation (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): output still goes to the renamed file`, { file }, 'warn');
    }
  }
  // Our fds from a previous rotation (never 1 and 2) are closed once no stream uses them.
  for (const fd of old) {
    if (fd > 2 && ![...opened.values()].includes(fd)) {
      try { fs.closeSync(fd); } catch { /* already closed */ }
    }
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** pm2's (day.js) tokens: YYYY MM DD HH mm ss SSS Z (local time); [text] is literal. */
export function formatDate(format: string, d = new Date()): string {
  return format.replace(/\[([^\]]*)]|YYYY|SSS|MM|DD|HH|mm|ss|Z/g, (tok, literal: string | undefined) => {
    if (literal !== undefined) return literal;
    switch (tok) {
      case 'YYYY': return String(d.getFullYear());
      case 'MM': return pad(d.getMonth() + 1);
      case 'DD': return pad(d.getDate());
      case 'HH': return pad(d.getHours());
      case 'mm': return pad(d.getMinutes());
      case 'ss': return pad(d.getSeconds());
      case 'SSS': return pad(d.getMilliseconds(), 3);
      default: {
        const off = -d.getTimezoneOffset();
        const a = Math.abs(off);
        return `${off < 0 ? '-' : '+'}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
      }
    }
  });
}

/** Every line written to stdout and stderr starts with `<timestamp>: ` (as pm2 writes it). */
export function prefixLines(format: string): void {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    let atLineStart = true;
    stream.write = ((chunk: unknown, ...rest: unknown[]): boolean => {
      let text: string;
      try {
        if (typeof chunk === 'string') {
          if (typeof rest[0] === 'string' && !/^utf-?8$/i.test(rest[0])) return write(chunk, ...rest);
          text = chunk;
        }
        else if (chunk instanceof Uint8Array) text = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('utf8');
        else return write(chunk, ...rest);
        if (text === '') return write(chunk, ...rest);
        const stamp = `${formatDate(format)}: `;
        const body = text.replace(/\n(?=.)/gs, `\n${stamp}`);
        const out = (atLineStart ? stamp : '') + body;
        atLineStart = text.endsWith('\n');
        // An encoding argument no longer applies to the re-encoded string.
        return write(out, ...(typeof rest[0] === 'string' ? rest.slice(1) : rest));
      } catch {
        return write(chunk, ...rest);
      }
    }) as typeof stream.write;
  }
}
