// How a secret reaches a process moult starts (issue 16, item 8; audit row 1.19): on a pipe it
// inherits, never in its environment, which /proc/<pid>/environ shows for the process's whole life
// (deleting it from process.env does not change that). The parent writes the secret and closes its
// end at once; the child reads it to the end, synchronously, before anything else can, and closes
// its end: the fd is gone before the app's own code runs.
import fs from 'node:fs';
import crypto from 'node:crypto';

/** Longer than any secret moult makes (64 hex digits): a pipe that gives more is not moult's. */
const MAX_SECRET = 256;

/**
 * The secret on inherited fd `fdText` (the number an environment variable gives), read and closed.
 * Null when no fd is given. An fd that cannot be read yields a random secret that nobody knows
 * (`why` says so): the process then accepts no peer, rather than any.
 */
export function readSecretFd(fdText: string | undefined, why: (msg: string) => void): string | null {
  if (fdText === undefined) return null;
  const fd = Number(fdText);
  let secret = '';
  try {
    if (!Number.isInteger(fd) || fd < 3) throw new Error(`not an inherited fd: ${JSON.stringify(fdText).slice(0, 20)}`);
    const buf = Buffer.alloc(MAX_SECRET + 1);
    let got = 0;
    for (let n = 1; n > 0 && got <= MAX_SECRET;) {
      n = fs.readSync(fd, buf, got, buf.length - got, null);
      got += n;
    }
    secret = buf.toString('utf8', 0, got).trim();
    if (!secret || got > MAX_SECRET) throw new Error('no secret on it');
  } catch (err) {
    why(`cannot read the secret on fd ${fdText}: ${(err as Error).message}; no peer will be accepted`);
    secret = crypto.randomBytes(32).toString('hex');
  } finally {
    try { fs.closeSync(fd); } catch { /* not open */ }
  }
  return secret;
}

/** The parent's side: writes the secret on the child's pipe and closes it. */
export function sendSecret(pipe: NodeJS.WritableStream | null | undefined, secret: string): void {
  if (!pipe) return;
  (pipe as NodeJS.WritableStream & { on(e: 'error', f: () => void): void }).on('error', () => { /* the child died first */ });
  pipe.end(secret);
}
