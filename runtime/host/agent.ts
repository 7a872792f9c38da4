// The runtime's channel to the daemon: the app serves $MOULT_RUNTIME_DIR/<pid>.sock and the daemon
// attaches to it. The latest events are kept, and a daemon that attaches says which seq its log
// already holds: everything after it is sent again, so a daemon killed at any moment loses none.
// (No acknowledgements flow back: a daemon writing to an app that is exiting would get EPIPE and
// lose the app's last frames.) Everything here is unref'd: it never keeps the app alive.
import path from 'node:path';
import fs from 'node:fs';
import crypto from 'node:crypto';
import { serve, type Connection } from '../../protocol/transport';
import type { FromRuntime, RuntimePong, ToRuntime } from '../../protocol/runtime-channel';
import { emit, setIdentity, setSink, type RuntimeEvent } from '../core/events';
import { loadUpdate } from '../dsu/update-loader';
import { completedUpdates, rollbackUpdate } from '../dsu/ledger';
import { holding, releaseStart, withoutHold } from './start-hold';
import { loadPatch } from '../patch/patch';
import { loadApiInTurns, preparePatch } from './update-prep';
import { nextTurn } from '../core/timers';
import { errorMessage } from '../core/errors';
import { MAX_FRAME_BYTES, MAX_RUNTIME_CONNECTIONS, MAX_UNATTACHED_FRAME_BYTES, RUNTIME_ATTACH_MS } from '../../protocol/limits';
import { loadRelease } from '../patch/release';

/** Events kept for a daemon that attaches later (a few MB at most). */
const MAX_BUFFERED = 10_000;

export interface AgentOptions {
  app: string;
  instance: number;
  runDir: string;
  manager?: string;
  /** The daemon's per-instance secret: without it nothing on the socket is accepted. */
  secret?: string;
}

const isStringMap = (v: unknown): boolean => !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');

function parse(m: unknown): ToRuntime | null {
  if (!m || typeof m !== 'object') return null;
  const msg = m as Record<string, unknown>;
  if (msg.type === 'attach' && typeof msg.app === 'string' && typeof msg.instance === 'number' && typeof msg.after_seq === 'number' && (msg.secret === undefined || typeof msg.secret === 'string')) return msg as unknown as ToRuntime;
  if (msg.type === 'ping' || msg.type === 'release') return msg as unknown as ToRuntime;
  if (msg.type === 'logs.reopen' && typeof msg.out === 'string' && typeof msg.err === 'string') return msg as unknown as ToRuntime;
  if (msg.type === 'rollback' && typeof msg.request_id === 'string' && (msg.update === undefined || typeof msg.update === 'string')) return msg as unknown as ToRuntime;
  if (msg.type === 'update' && typeof msg.update_id === 'string' && typeof msg.source === 'string' && typeof msg.file === 'string' && typeof msg.name === 'string' && (msg.files === undefined || isStringMap(msg.files))) return msg as unknown as ToRuntime;
  return null;
}

export function startAgent(opts: AgentOptions): void {
  setIdentity(opts.app, opts.instance);
  let recent: RuntimeEvent[] = [];
  let daemon: Connection | null = null;
  const send = (m: FromRuntime): boolean => daemon !== null && !daemon.closed && daemon.send(m);

  setSink((event) => {
    recent.push(event);
    // Trimmed in batches: shifting one element per event would be quadratic.
    if (recent.length > MAX_BUFFERED * 2) recent = recent.slice(-MAX_BUFFERED);
    send({ type: 'event', event });
  });

  let loads: Promise<unknown> = Promise.resolve();
  const authenticated = new WeakSet<Connection>();
  const expected = opts.secret ? Buffer.from(opts.secret) : null;
  const knowsSecret = (secret: string | undefined): boolean => {
    if (!expected) return true;
    const given = Buffer.from(secret ?? '');
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  };
  const refuse = (conn: Connection, what: string): void => {
    emit('runtime.warning', `runtime socket: refused ${what} from a peer without this app's daemon secret (unauthenticated)`, {}, 'warn');
    conn.close();
  };

  const onMessage = (conn: Connection, raw: unknown): void => {
    const msg = parse(raw);
    if (!msg) return;
    if (msg.type === 'attach') {
      if (!knowsSecret(msg.secret)) return refuse(conn, 'an attach');
      authenticated.add(conn);
      conn.limitFrames(MAX_FRAME_BYTES);
      conn.idleTimeout(0, () => {});
      // One daemon at a time: a new one (after a restart of moultd) replaces the old connection.
      if (daemon && daemon !== conn) daemon.close();
      daemon = conn;
      for (const event of recent) if (event.seq > msg.after_seq) conn.send({ type: 'event', event } satisfies FromRuntime);
      // What this process runs, and whether it still waits for its release (SPEC 6.6).
      conn.send({ type: 'state', holding: holding(), applied: completedUpdates() } satisfies FromRuntime);
      return;
    }
    if (!authenticated.has(conn)) return refuse(conn, `a ${msg.type} request`);
    if (msg.type === 'ping') {
      conn.send({ type: 'pong' } satisfies RuntimePong);
      return;
    }
    if (msg.type === 'release') {
      releaseStart();
      return;
    }
    if (msg.type === 'logs.reopen') {
      // Required here, not at start-up: an app whose logs never rotate does not load it.
      (require('./log-streams') as typeof import('./log-streams')).reopenStdio(msg.out, msg.err);
      return;
    }
    if (msg.type === 'rollback') {
      rollbackUpdate(msg.update, msg.reason)
        .then((r) => send({ type: 'rollback.result', request_id: msg.request_id, ...r }))
        .catch((err) => send({ type: 'rollback.result', request_id: msg.request_id, ok: false, error: errorMessage(err) }));
      return;
    }
    const manager = msg.manager ?? opts.manager;
    const release = msg.patch?.release === true;
    const patch = msg.patch && !release ? { updateId: msg.update_id, file: msg.file, source: msg.source, target: msg.patch.target, manager, maxTries: msg.patch.max_tries, sleepTime: msg.patch.sleep_time, replay: msg.replay === true } : null;
    // What can be done before the update point is done first, in turns of its own (update-prep.ts);
    // loads stay in the order the frames came.
    const loading = loads.then(async () => {
      if (release) return loadRelease({ updateId: msg.update_id, source: msg.source, manager, maxTries: msg.patch!.max_tries, sleepTime: msg.patch!.sleep_time, replay: msg.replay === true });
      await (patch ? preparePatch(patch) : loadApiInTurns());
      await nextTurn();
      return patch ? loadPatch(patch) : loadUpdate({ updateId: msg.update_id, file: msg.file, source: msg.source, files: msg.files ?? {}, manager, replay: msg.replay === true });
    });
    loads = loading.catch(() => undefined);
    loading
      .then((result) => {
        if (result.ok) {
          send({ type: 'update.loaded', update_id: msg.update_id, updates: result.updates.map((u) => u.name) });
        } else {
          emit('update.rejected', `update ${msg.name} rejected: ${result.reason}`, { update: msg.name, update_id: msg.update_id, reason: result.reason }, 'error');
        }
      })
      .catch((err) => emit('update.rejected', `update ${msg.name} rejected: ${errorMessage(err)}`, { update: msg.name, update_id: msg.update_id, reason: errorMessage(err) }, 'error'));
  };

  fs.mkdirSync(opts.runDir, { recursive: true, mode: 0o700 });
  const socketPath = path.join(opts.runDir, `${process.pid}.sock`);
  // A peer that does not attach soon is dropped, and unauthenticated peers cannot crowd out the daemon.
  const peers = new Set<Connection>();
  // The hold (start-hold.ts) is for the app's servers: the daemon must reach this one to release it.
  withoutHold(() => serve(socketPath, (conn) => {
    conn.unref();
    if (peers.size >= MAX_RUNTIME_CONNECTIONS) {
      const stranger = [...peers].find((p) => !authenticated.has(p));
      if (!stranger) return conn.close();
      stranger.close();
      peers.delete(stranger);
    }
    peers.add(conn);
    conn.on('close', () => peers.delete(conn));
    conn.idleTimeout(RUNTIME_ATTACH_MS, () => { if (!authenticated.has(conn)) refuse(conn, 'a connection that never attached'); });
    // Until it attaches, a peer gets room for an attach frame and no more (audit row 3.6: twenty
    // peers sending 15 MiB each took the app from 52 to 406 MB).
    conn.limitFrames(MAX_UNATTACHED_FRAME_BYTES);
    conn.on('message', (m) => onMessage(conn, m));
    conn.on('problem', (p) => {
      if (p.kind === 'oversized' && !authenticated.has(conn)) return refuse(conn, `${p.bytes} bytes before it attached (more than an attach frame)`);
      emit('runtime.warning', `runtime socket: ${p.kind === 'oversized' ? `a frame of ${p.bytes} bytes, over the limit,` : 'a malformed frame'} dropped`, {}, 'warn');
    });
    conn.on('close', () => { if (daemon === conn) daemon = null; });
  }, { unref: true })).catch((err) => process.stderr.write(`moult runtime: cannot serve ${socketPath}: ${errorMessage(err)}\n`));
  process.once('exit', () => {
    try { fs.unlinkSync(socketPath); } catch { /* already gone */ }
  });
}
