// The one place moult touches node-ipc. Every socket (CLI ↔ daemon, daemon ↔ app runtime) is a
// node-ipc unix socket in raw mode carrying newline-delimited JSON frames (see frames.ts), so a
// peer's garbage can never throw inside node-ipc's handlers.
import fs from 'node:fs';
import net, { type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import type ipcTypes = require('node-ipc');
import { requireWithoutEagerTls } from './without-tls';
import { FrameDecoder, PendingBudget, encodeFrame, type FrameProblem } from './frames';
import { MAX_FRAME_BYTES } from './limits';
import { dropped } from './memory-release';

const ipcModule = requireWithoutEagerTls<typeof ipcTypes>('node-ipc', require);

function newIpc(id: string): InstanceType<typeof ipcModule.IPC> {
  const ipc = new ipcModule.IPC();
  Object.assign(ipc.config, {
    id,
    silent: true,
    rawBuffer: true,
    encoding: 'utf8',
    maxConnections: 1024,
    stopRetrying: true,
    maxRetries: 0,
  });
  return ipc;
}

export interface Connection {
  send(message: unknown): boolean;
  close(): void;
  readonly closed: boolean;
  /** Lets the process exit while this connection is open (used inside apps). */
  unref(): void;
  /** Calls `onIdle` once nothing has crossed the connection for `ms` (0: never). */
  idleTimeout(ms: number, onIdle: () => void): void;
  /** The largest frame taken from the peer from now on (MAX_FRAME_BYTES unless changed). */
  limitFrames(maxBytes: number): void;
  on(event: 'message', cb: (value: unknown) => void): this;
  on(event: 'problem', cb: (problem: FrameProblem) => void): this;
  on(event: 'close', cb: () => void): this;
  removeListener(event: 'message' | 'problem' | 'close', cb: (...args: any[]) => void): this;
}

class SocketConnection extends EventEmitter implements Connection {
  closed = false;
  private readonly decoder: FrameDecoder;

  constructor(private readonly write: (data: string) => void, private readonly socket: () => Socket | undefined, budget: PendingBudget | null = null) {
    super();
    this.decoder = new FrameDecoder((v) => this.emit('message', v), (p) => this.emit('problem', p), MAX_FRAME_BYTES, budget);
  }

  limitFrames(maxBytes: number): void {
    this.decoder.limit(maxBytes);
  }

  receive(chunk: Buffer | string): void {
    // Closed by us: what the peer still sends until its socket is gone is not ours to decode.
    if (this.closed) return;
    this.decoder.push(chunk);
  }

  send(message: unknown): boolean {
    if (this.closed) return false;
    try {
      this.write(encodeFrame(message));
      return true;
    } catch {
      return false;
    }
  }

  markClosed(): void {
    if (this.closed) return;
    this.decoder.end();
    this.closed = true;
    this.emit('close');
  }

  close(): void {
    const s = this.socket();
    // Ended (what was sent is flushed), then destroyed: nothing more is read from a peer we are
    // done with (one still writing would otherwise cost a decode of every chunk it sends).
    if (s) s.end(() => s.destroy());
    this.markClosed();
  }

  unref(): void {
    this.socket()?.unref();
  }

  private onIdle: (() => void) | null = null;

  idleTimeout(ms: number, onIdle: () => void): void {
    const s = this.socket();
    if (!s) return;
    if (!this.onIdle) s.on('timeout', () => this.onIdle?.());
    this.onIdle = onIdle;
    s.setTimeout(ms);
  }
}

export interface ServerHandle {
  close(): void;
  unref(): void;
}

/**
 * Serves `path` (removing a stale socket file first) and sets it owner-only (0600).
 * Resolves once listening. `maxPendingBytes`: what all its connections together may hold of
 * unfinished frames (a chunk past it is an 'over-budget' problem of its connection).
 */
export function serve(path: string, onConnection: (conn: Connection) => void, opts: { unref?: boolean; maxPendingBytes?: number } = {}): Promise<ServerHandle> {
  const ipc = newIpc(`moult-server-${process.pid}`);
  const budget = opts.maxPendingBytes ? new PendingBudget(opts.maxPendingBytes, dropped) : null;
  ipc.serve(path);
  const server = ipc.server;
  const bySocket = new Map<Socket, SocketConnection>();
  return new Promise((resolve, reject) => {
    let started = false;
    server.on('error', (err) => {
      if (!started) reject(err);
    });
    server.on('connect', (socket) => {
      if (opts.unref) socket.unref();
      const conn = new SocketConnection((d) => { socket.write(d); }, () => socket, budget);
      bySocket.set(socket, conn);
      socket.on('close', () => {
        bySocket.delete(socket);
        // node-ipc keeps every socket it ever accepted; drop ours so a long-lived daemon does not grow.
        const all = (server as unknown as { sockets: Socket[] }).sockets;
        const i = all.indexOf(socket);
        if (i !== -1) all.splice(i, 1);
        conn.markClosed();
      });
      socket.on('error', () => socket.destroy());
      onConnection(conn);
    });
    server.on('data', (data, socket) => bySocket.get(socket)?.receive(data));
    server.on('start', () => {
      started = true;
      try { fs.chmodSync(path, 0o600); } catch { /* the folder is 0700 anyway */ }
      if (opts.unref) server.server.unref();
      resolve({
        close: () => {
          try { server.server.close(); } catch { /* already closed */ }
          for (const s of bySocket.keys()) s.destroy();
        },
        unref: () => server.server.unref(),
      });
    });
    // node-ipc unlinks a stale socket asynchronously before it listens; done here instead, so that
    // its listen runs within start(), exclusively: in a node:cluster worker a plain listen would
    // have the primary own the socket (and count as the app's 'listening').
    try { fs.unlinkSync(path); } catch { /* none */ }
    (ipc.config as { unlink?: boolean }).unlink = false;
    const listen = net.Server.prototype.listen;
    net.Server.prototype.listen = function exclusive(this: net.Server, ...args: unknown[]) {
      if (args[0] && typeof args[0] === 'object') args[0] = { ...(args[0] as object), exclusive: true };
      return (listen as (...a: unknown[]) => net.Server).apply(this, args);
    } as typeof listen;
    try {
      server.start();
    } finally {
      net.Server.prototype.listen = listen;
    }
  });
}

/** Connects once (no retry loop); rejects with the socket error (ENOENT, ECONNREFUSED…). */
export function connect(path: string, opts: { timeoutMs?: number } = {}): Promise<Connection> {
  const id = `moult-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const ipc = newIpc(id);
  return new Promise((resolve, reject) => {
    ipc.connectTo(id, path);
    const client = ipc.of[id];
    const conn = new SocketConnection((d) => client.emit(d), () => client.socket);
    let settled = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          if (settled) return;
          settled = true;
          ipc.disconnect(id);
          reject(Object.assign(new Error(`connecting to ${path} timed out`), { code: 'ETIMEDOUT' }));
        }, opts.timeoutMs)
      : undefined;
    client.on('connect', () => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve(conn);
    });
    client.on('error', (err) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      ipc.disconnect(id);
      reject(err);
    });
    client.on('data', (data) => conn.receive(data));
    client.on('disconnect', () => conn.markClosed());
    conn.on('close', () => ipc.disconnect(id));
  });
}
