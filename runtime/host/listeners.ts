// Listeners for apps run without the daemon (Pymoult's Listener and PipeListener): they read
// commands, one per line: `update <file>`, `rollback [update]`, `set loglevel <n>` and
// `set logpath <dir>`.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { emit, setLogLevel, setLogPath } from '../core/events';
import { loadUpdate } from '../dsu/update-loader';
import { rollbackUpdate } from '../dsu/ledger';
import { errorMessage, MoultRuntimeError } from '../core/errors';
import { collectUnit, unitText, type UpdateUnit } from '../../protocol/update-unit';

async function runCommand(line: string): Promise<string> {
  const words = line.trim().split(/\s+/);
  if (words[0] === 'update' && words[1]) {
    const file = path.resolve(words.slice(1).join(' '));
    let unit: UpdateUnit;
    try {
      // With the local files it loads, as the daemon sends them (protocol/update-unit.ts).
      unit = collectUnit(file, fs.readFileSync(file, 'utf8'));
    } catch (err) {
      emit('update.rejected', `update ${file} rejected: unreadable`, { file, reason: `unreadable: ${errorMessage(err)}` }, 'error');
      return `error: cannot read ${file}`;
    }
    const updateId = crypto.randomUUID();
    const name = path.basename(file).replace(/\.[^.]+$/, '');
    emit('update.received', `update ${name} received from a listener`, { update: name, update_id: updateId, file, sha256: crypto.createHash('sha256').update(unitText(unit)).digest('hex') });
    const r = await loadUpdate({ updateId, file, source: unit.source, files: unit.files });
    if (!r.ok) {
      emit('update.rejected', `update ${name} rejected: ${r.reason}`, { update: name, update_id: updateId, reason: r.reason }, 'error');
      return `error: ${r.reason}`;
    }
    return `ok: ${r.updates.map((u) => u.name).join(' ')}`;
  }
  if (words[0] === 'rollback' && words.length <= 2) {
    const r = await rollbackUpdate(words[1]);
    return r.ok ? `ok: ${r.update} rolled back (${r.mode})` : `error: ${r.error}`;
  }
  if (words[0] === 'set' && words[1] === 'loglevel' && /^[012]$/.test(words[2] ?? '')) {
    setLogLevel(Number(words[2]));
    return 'ok';
  }
  if (words[0] === 'set' && words[1] === 'logpath' && words[2]) {
    const dir = line.trim().replace(/^set\s+logpath\s+/, '');
    try {
      const file = setLogPath(dir);
      return `ok: ${file}`;
    } catch (err) {
      emit('runtime.warning', `listener: cannot set the log path to ${dir}: ${errorMessage(err)}`, { error: errorMessage(err) }, 'warn');
      return `error: cannot set the log path: ${errorMessage(err)}`;
    }
  }
  emit('runtime.warning', `listener: unknown command ${JSON.stringify(line.slice(0, 80))}`, {}, 'warn');
  return 'error: unknown command (expected "update <file>", "rollback [update]", "set loglevel <0|1|2>" or "set logpath <dir>")';
}

function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    if (rest.length > 1 << 20) rest = '';
    for (const l of parts) if (l.trim()) onLine(l);
  });
}

/** A unix socket (owner-only) taking one command per line, answering one line each. */
export class Listener {
  readonly path: string;
  private server: net.Server | null = null;

  constructor(opts: { path: string }) {
    if (!opts?.path) throw new MoultRuntimeError('EBADARG', 'new Listener({path}): path is required');
    this.path = path.resolve(opts.path);
  }

  start(): this {
    try { fs.unlinkSync(this.path); } catch { /* no stale socket */ }
    this.server = net.createServer((sock) => {
      sock.unref();
      sock.on('error', () => sock.destroy());
      lines(sock, (l) => { runCommand(l).then((answer) => sock.write(answer + '\n'), () => {}); });
    });
    this.server.listen(this.path, () => { try { fs.chmodSync(this.path, 0o600); } catch { /* best effort */ } });
    this.server.unref();
    return this;
  }

  stop(): void {
    this.server?.close();
    this.server = null;
    try { fs.unlinkSync(this.path); } catch { /* gone */ }
  }
}

/** A FIFO read line by line. It is opened read-write so that writers closing it never end it. */
export class PipeListener {
  readonly path: string;
  private socket: net.Socket | null = null;

  constructor(opts: { path: string }) {
    if (!opts?.path) throw new MoultRuntimeError('EBADARG', 'new PipeListener({path}): path is required');
    this.path = path.resolve(opts.path);
  }

  start(): this {
    let st: fs.Stats | null = null;
    try { st = fs.statSync(this.path); } catch { /* create it */ }
    if (st && !st.isFIFO()) throw new MoultRuntimeError('EBADARG', `PipeListener: ${this.path} exists and is not a FIFO`);
    if (!st) execFileSync('mkfifo', ['-m', '600', this.path]);
    const fd = fs.openSync(this.path, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
    this.socket = new net.Socket({ fd, readable: true, writable: false });
    this.socket.unref();
    this.socket.on('error', () => {});
    lines(this.socket, (l) => { runCommand(l).catch(() => {}); });
    return this;
  }

  stop(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}
