// The CLI's side of the control socket: finds the daemon (starting it in the background on first
// use) and sends one request, streaming its progress frames.
import fs from 'node:fs';
import { spawn } from 'node:child_process';
import { connect, type Connection } from '../protocol/transport';
import { homeLayout, type HomeLayout } from '../protocol/home';
import { homeProblem } from '../protocol/home-check';
import type { Request, Response } from '../protocol/control';
import type { LogEvent } from '../protocol/events';
import { MAX_FRAME_BYTES, formatBytes } from '../protocol/limits';
import { CliError } from './errors';
import { DAEMON_MAIN } from '../protocol/package-files';
import { openOwnedAppend } from '../protocol/owned-file';

type Body = Request extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export class DaemonClient {
  private nextId = 1;
  private constructor(private readonly conn: Connection, readonly home: HomeLayout) {}

  /** `home`: another MOULT_HOME than the environment's (the programmatic API's `connect({ home })`). */
  static async open(opts: { autostart: boolean; home?: string }): Promise<DaemonClient | null> {
    const home = homeLayout(opts.home !== undefined ? { ...process.env, MOULT_HOME: opts.home } : process.env);
    const unsafe = homeProblem(home);
    if (unsafe) throw new CliError(2, unsafe);
    try {
      return new DaemonClient(await connect(home.socket, { timeoutMs: 3000 }), home);
    } catch {
      if (!opts.autostart) return null;
    }
    startDaemon(home);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        return new DaemonClient(await connect(home.socket, { timeoutMs: 1000 }), home);
      } catch { /* not yet */ }
    }
    throw new CliError(1, `the daemon did not start; see ${home.daemonOut}`, 'EDAEMONSTART');
  }

  request<T>(body: Body, onProgress?: (e: LogEvent) => void): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const onClose = (): void => reject(new CliError(1, 'the daemon closed the connection', 'ECLOSED'));
      const onMessage = (raw: unknown): void => {
        const r = raw as Response;
        // An error without an id answers a frame the daemon could not read: ours (one at a time).
        if (!r || (r.id !== id && !(r.id === null && r.type === 'error'))) return;
        if (r.type === 'progress') return onProgress?.(r.event);
        this.conn.removeListener('message', onMessage);
        this.conn.removeListener('close', onClose);
        if (r.type === 'result') resolve(r.data as T);
        else reject(CliError.fromDaemon(r.error));
      };
      const bytes = Buffer.byteLength(JSON.stringify({ id, ...body })) + 1;
      if (bytes > MAX_FRAME_BYTES) {
        return reject(new CliError(2, `${body.verb}: the request is too large (${formatBytes(bytes)}, limit ${formatBytes(MAX_FRAME_BYTES)} per frame)`, 'EUSAGE'));
      }
      this.conn.on('message', onMessage);
      this.conn.on('close', onClose);
      if (!this.conn.send({ id, ...body })) reject(new CliError(1, 'cannot talk to the daemon', 'ECLOSED'));
    });
  }

  close(): void {
    this.conn.close();
  }
}

function startDaemon(home: HomeLayout): void {
  fs.mkdirSync(home.logsDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(home.root, 0o700);
  const out = openOwnedAppend(home.daemonOut, (msg) => process.stderr.write(`moult: warning: ${msg}\n`));
  const child = spawn(process.execPath, [DAEMON_MAIN], { detached: true, stdio: ['ignore', out, out], env: { ...process.env, MOULT_HOME: home.root } });
  fs.closeSync(out);
  child.unref();
}
