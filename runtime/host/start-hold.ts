// One version at a time (SPEC 6.6): a process the daemon starts (restart, scale, reload) runs the
// code on disk until the app's release has been replayed into it, so it must not take a request
// before the daemon says `release`. Two forms, one per way connections reach the process:
// - a cluster worker: its listen() calls are held, so the primary hands it no connection (the
//   other workers take them); server.address() is null until then, as it is in any cluster worker
//   before 'listening';
// - a fork app: listen() binds at once (server.address() stays synchronous, a port in use fails at
//   once), but the connections the kernel accepts wait in a queue, unread, and are handed to the
//   app on release: a client waits for the replay instead of being refused or served stale.
// Listening later than the release costs nothing (no hold is left). Bounded: after `limitMs`
// without a release (a daemon that died while starting the app) everything goes ahead, with a
// `runtime.hold.timeout` warning. A hold with nothing held never keeps the process alive.
import net from 'node:net';
import { emit } from '../core/events';

type Listen = (this: net.Server, ...args: unknown[]) => net.Server;
type OnConnection = (this: unknown, err: number, clientHandle?: { close?: () => void }) => void;
interface ListenHandle { onconnection?: OnConnection }

interface Hold {
  since: number;
  timer: NodeJS.Timeout;
  /** Cluster worker: listen() calls not made yet. */
  listens: { server: net.Server; args: unknown[]; onClose: () => void }[];
  /** Fork app: accepted connections not handed to their server yet. */
  connections: { server: net.Server; accept: () => void; refuse: () => void }[];
  /** Fork app: servers bound during the hold, and how to give them back their onconnection. */
  restores: (() => void)[];
  /** Listening servers counted while held (both forms). */
  servers: Set<net.Server>;
}

let hold: Hold | null = null;
/** net.Server.prototype.listen before the hold, and the hold's own (put back only if still ours). */
let listens: { original: Listen; held: Listen } | null = null;

/** Set while the runtime opens its own socket (agent.ts): the daemon must reach it during the hold. */
let exempt = false;

/** Runs `fn` (which listens synchronously) with its servers out of the hold. */
export function withoutHold<T>(fn: () => T): T {
  exempt = true;
  try {
    return fn();
  } finally {
    exempt = false;
  }
}

/** Is this process still waiting for the daemon's release? */
export function holding(): boolean {
  return hold !== null;
}

/** `mode`: 'listen' in a cluster worker, 'connections' in a fork app. */
export function holdStart(limitMs: number, mode: 'listen' | 'connections'): void {
  if (hold) return;
  const proto = net.Server.prototype as unknown as { listen: Listen };
  const listen = proto.listen;
  const timer = setTimeout(() => {
    emit('runtime.hold.timeout', `no release from the daemon within ${limitMs} ms: the process takes requests with the code it has (it may lack updates of the app's release)`, { held_ms: limitMs }, 'warn');
    releaseStart();
  }, limitMs);
  timer.unref();
  const h: Hold = { since: Date.now(), timer, listens: [], connections: [], restores: [], servers: new Set() };
  hold = h;
  const held: Listen = mode === 'listen'
    ? function heldListen(this: net.Server, ...args: unknown[]): net.Server {
      if (hold !== h || exempt) return listen.apply(this, args);
      // Dropped if the app closes it before the release (it would otherwise listen after all).
      const onClose = (): void => { h.listens = h.listens.filter((l) => l.server !== this); };
      this.once('close', onClose);
      h.listens.push({ server: this, args, onClose });
      h.servers.add(this);
      // A held listen() would have kept the process alive: so does the hold, until the release.
      timer.ref();
      return this;
    }
    : function listenHoldingConnections(this: net.Server, ...args: unknown[]): net.Server {
      const out = listen.apply(this, args);
      if (hold === h && !exempt) holdConnections(h, this);
      return out;
    };
  listens = { original: listen, held };
  proto.listen = held;
}

/** Wraps the listening handle's onconnection once the server is bound (sync, or after a lookup). */
function holdConnections(h: Hold, server: net.Server): void {
  const wrap = (): void => {
    const handle = (server as unknown as { _handle?: ListenHandle | null })._handle;
    const onconnection = handle?.onconnection;
    if (hold !== h || !handle || typeof onconnection !== 'function') return;
    h.servers.add(server);
    handle.onconnection = function heldConnection(this: unknown, err: number, clientHandle?: { close?: () => void }): void {
      if (hold !== h) return onconnection.call(this, err, clientHandle);
      h.connections.push({ server, accept: () => onconnection.call(this, err, clientHandle), refuse: () => clientHandle?.close?.() });
    };
    h.restores.push(() => { if (handle.onconnection !== onconnection) handle.onconnection = onconnection; });
  };
  // Connections are accepted only after 'listening' (the poll phase comes after nextTick).
  if ((server as unknown as { _handle?: unknown })._handle) wrap();
  else server.prependOnceListener('listening', wrap);
}

/**
 * The daemon's release (or the time limit): held listen() calls are made, in order, and held
 * connections reach their servers. Returns what was held, for the daemon's log.
 */
export function releaseStart(): { servers: number; connections: number; held_ms: number } {
  const h = hold;
  if (!h) return { servers: 0, connections: 0, held_ms: 0 };
  hold = null;
  clearTimeout(h.timer);
  const proto = net.Server.prototype as unknown as { listen: Listen };
  const original = listens?.original;
  if (listens && proto.listen === listens.held) proto.listen = listens.original;
  listens = null;
  for (const restore of h.restores) restore();
  for (const c of h.connections) {
    if (c.server.listening) c.accept();
    else c.refuse();
  }
  for (const l of h.listens) {
    l.server.removeListener('close', l.onClose);
    try {
      original?.apply(l.server, l.args);
    } catch (err) {
      // It would have thrown from the app's own listen() call: its server reports it instead.
      l.server.emit('error', err);
    }
  }
  const held = { servers: h.servers.size, connections: h.connections.length, held_ms: Date.now() - h.since };
  if (held.servers) {
    emit('runtime.hold.released', `${held.servers} server(s) held for ${held.held_ms} ms until the app's release was reached${held.connections ? ` (${held.connections} connection(s) waited)` : ''}`, held);
  }
  return held;
}
